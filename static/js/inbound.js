// "I've been turned down": an email pasted into "What they said" is read by Debrief
// (views.inbound.read_pasted). The reasons it seems to give appear under the field, none ticked,
// and its date fills "Date they told you" unless the person already changed it. Without this
// script the page works as before, and "Paste their email" reads it on a page of its own.
document.addEventListener("DOMContentLoaded", () => {
  const reading = document.querySelector("[data-email-reading]");
  const form = document.getElementById("decision-form");
  const said = form?.elements.namedItem("what_they_said");
  if (!reading || !said) return;
  document.getElementById("div_id_what_they_said")?.after(reading);
  let timer;
  const read = async () => {
    const text = said.value.trim();
    if (text.length < 40) return;
    const body = new FormData();
    body.append("text", text);
    body.append("application", reading.dataset.application);
    const token = form.elements.namedItem("csrfmiddlewaretoken")?.value || "";
    try {
      const response = await fetch(reading.dataset.emailReading, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      reading.innerHTML = await response.text();
      reading.hidden = false;
      const day = reading.querySelector("[data-decided-on]")?.dataset.decidedOn;
      const date = form.elements.namedItem("decided_on");
      if (day && date && date.value === date.defaultValue) date.value = day;
    } catch {
      // Reading is a help, not a step: the form still records what was typed.
    }
  };
  const soon = (delay) => () => {
    clearTimeout(timer);
    timer = setTimeout(read, delay);
  };
  said.addEventListener("paste", soon(50));
  said.addEventListener("input", soon(1200));
});
