// Keyboard review for the queue: j/k move, c confirm, r reject, e edit, x select.
// Everything also works without this file: it only presses the page's own buttons.
"use strict";
(function () {
  const KEY = "mediawatch-queue-row";
  function rows() { return Array.from(document.querySelectorAll("#queue > li.row")); }
  function current() {
    const all = rows();
    const index = Math.min(Number(sessionStorage.getItem(KEY) || 0), all.length - 1);
    return { all, index: Math.max(index, 0) };
  }
  function select(index) {
    const all = rows();
    if (!all.length) { return; }
    const clamped = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("current", i === clamped));
    sessionStorage.setItem(KEY, String(clamped));
    all[clamped].scrollIntoView({ block: "nearest" });
  }
  function press(row, selector) {
    const button = row.querySelector(selector);
    if (button) { button.click(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("queue")) { return; }
    select(current().index);
    document.addEventListener("keydown", function (event) {
      const target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) {
        if (event.key === "Escape") { target.blur(); }
        return;
      }
      const { all, index } = current();
      const row = all[index];
      if (!row) { return; }
      switch (event.key) {
        case "j": select(index + 1); break;
        case "k": select(index - 1); break;
        case "c": press(row, "form.confirm button"); break;
        case "r": {
          const reason = row.querySelector("form.reject select");
          if (reason) { reason.focus(); }
          press(row, "form.reject button");
          break;
        }
        case "e": window.location.assign(row.dataset.edit); break;
        case "x": {
          const box = row.querySelector("input.pick");
          if (box) { box.checked = !box.checked; }
          break;
        }
        default: return;
      }
      event.preventDefault();
    });
  });
})();
