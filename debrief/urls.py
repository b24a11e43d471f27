"""URL names are `<entity>-<action>` in the `debrief` namespace; each views module owns its
routes."""

from debrief.views import (
    account,
    actions,
    adviser,
    applications,
    client_preparation,
    client_record,
    dashboard,
    debriefs,
    feedback,
    handover,
    interviews,
    invitations,
    notifications,
    outcomes,
    pages,
    preparation,
    privacy,
    service,
    star,
    together,
    two_step,
)

app_name = "debrief"

urlpatterns = [
    *pages.urlpatterns,
    *dashboard.urlpatterns,
    *applications.urlpatterns,
    *interviews.urlpatterns,
    *outcomes.urlpatterns,
    *debriefs.urlpatterns,
    *preparation.urlpatterns,
    *feedback.urlpatterns,
    *star.urlpatterns,
    *actions.urlpatterns,
    *privacy.urlpatterns,
    *handover.urlpatterns,
    *notifications.urlpatterns,
    *account.urlpatterns,
    *adviser.urlpatterns,
    *client_record.urlpatterns,
    *client_preparation.urlpatterns,
    *two_step.urlpatterns,
    *service.urlpatterns,
    *invitations.urlpatterns,
    *together.urlpatterns,
]
