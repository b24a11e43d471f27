// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // A form that came back with errors: start at the summary of what to correct.
  document.querySelector(".error-summary")?.focus();
  // "Copy" buttons copy the text of the element named by data-copy-target.
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copyTarget);
      if (!source) return;
      const text = "value" in source ? source.value : source.textContent;
      const status = document.getElementById(button.dataset.copyStatus || "");
      try {
        await navigator.clipboard.writeText(text);
        if (status) status.textContent = "Copied to the clipboard.";
      } catch {
        source.select?.();
        if (status) status.textContent = "Select the text and copy it with Ctrl+C.";
      }
    });
  });
  // Text limits: a live count under each limited textarea (the server refuses text over the
  // limit with a message; nothing is cut). A line break is sent as two characters.
  document.querySelectorAll("[data-limit-for]").forEach((counter) => {
    const field = document.getElementById(counter.dataset.limitFor);
    const limit = Number(counter.dataset.limit);
    if (!field) return;
    const update = () => {
      const count = [...field.value].length + (field.value.match(/\n/g) || []).length;
      const over = count - limit;
      counter.textContent =
        over > 0
          ? `${over} characters over the limit of ${limit}: shorten it before saving.`
          : `${count} of ${limit} characters.`;
      counter.classList.toggle("text-danger", over > 0);
    };
    field.addEventListener("input", update);
    update();
  });
  // The time-zone list offers the browser's own zone first.
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("datalist[data-time-zones]").forEach((list) => {
    const option = [...list.options].find((candidate) => candidate.value === browserZone);
    if (option) list.prepend(option);
  });
  // Print buttons (the preparation sheet) appear only when JavaScript can print.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
  // mailto: links follow the text (and, where named, the address) as the user edits them.
  document.querySelectorAll("[data-mailto-body]").forEach((link) => {
    const body = document.getElementById(link.dataset.mailtoBody);
    const to = document.getElementById(link.dataset.mailtoTo || "");
    if (!body) return;
    const update = () => {
      const url = new URL(link.href);
      const params = new URLSearchParams(url.search);
      params.set("body", body.value);
      const address = to ? encodeURIComponent(to.value.trim()).replace(/%40/g, "@") : url.pathname;
      link.href = `mailto:${address}?${params.toString().replace(/\+/g, "%20")}`;
    };
    body.addEventListener("input", update);
    to?.addEventListener("input", update);
  });
});
