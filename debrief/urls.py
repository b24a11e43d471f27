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
    interviews,
    notifications,
    outcomes,
    pages,
    preparation,
    privacy,
    service_report,
    star,
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
    *notifications.urlpatterns,
    *account.urlpatterns,
    *adviser.urlpatterns,
    *client_record.urlpatterns,
    *client_preparation.urlpatterns,
    *service_report.urlpatterns,
]
