// deltag intake helper: ship as /js/intake.js. Forms work without it.
// It fetches a signed time token for each form, so the intake can tell a
// person who read the form from a bot that posts at once, and moves focus
// to an error summary when there is one. No cookies, no tracking.
(function () {
  "use strict";
  var summary = document.querySelector(".form-error-summary");
  if (summary) summary.focus();
  if (!window.fetch) return;
  var forms = document.querySelectorAll("form[data-intake-token]");
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector('input[name="_token"]');
    var url = form.getAttribute("data-intake-token");
    if (!input || input.value || !url) return;
    fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && typeof d.token === "string") input.value = d.token; })
      .catch(function () {});
  });
})();
