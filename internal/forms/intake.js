// deltag intake helper: ship as /js/intake.js. Forms work without it.
// It fetches a signed time token for each form, so the intake can tell a
// person who read the form from a bot that posts at once, and moves focus
// to an error summary when there is one; it adds a random _key to each
// form so a retried post is stored once. No cookies, no tracking.
(function () {
  "use strict";
  var summary = document.querySelector(".form-error-summary");
  if (summary) summary.focus();
  // An idempotency key per filled-in form: a retried or double-clicked
  // post carries the same _key and is stored once. Editing the form after
  // sending it makes a new key, so a changed answer is a new post.
  var crypto = window.crypto;
  function newKey() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }
  if (crypto && crypto.getRandomValues) {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-intake-token]"), function (form) {
      var key = form.querySelector('input[name="_key"]');
      if (!key) {
        key = document.createElement("input");
        key.type = "hidden";
        key.name = "_key";
        form.appendChild(key);
      }
      key.value = newKey();
      var sent = false;
      form.addEventListener("submit", function () { sent = true; });
      form.addEventListener("input", function () { if (sent) { key.value = newKey(); sent = false; } });
    });
  }
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
