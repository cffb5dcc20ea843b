/* openSEDP drafts: what is typed in a form marked data-draft="key" is kept in this browser (localStorage) as it
   is typed, and put back if the page is reloaded, the tab closed or the connection lost before the form was
   saved. A draft is dropped once the server has saved the form. No dependencies; loaded with defer. */
(function () {
  "use strict";
  var PREFIX = "sedp-draft:";
  var PENDING = "sedp-draft-pending";

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function fields(form) {
    // The hidden "version" of an edit form is kept with the draft: what was typed against an older version must
    // be saved against it, so that the server shows what changed since instead of overwriting it.
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit" &&
        el.type !== "button" && (el.type !== "hidden" || el.name === "version");
    });
  }
  function save(form) {
    var s = store(); if (!s) return;
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data[el.name + "=" + el.value] = el.checked;
      } else if (el.tagName === "SELECT" && el.multiple) {
        data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        data[el.name] = el.value;
      }
    });
    try {
      s.setItem(PREFIX + form.dataset.draft, JSON.stringify({ at: Date.now(), data: data }));
    } catch (e) { /* over this browser's quota (a pasted report of megabytes): the form itself still holds it */ }
  }
  function restore(form) {
    var s = store(); if (!s) return false;
    var raw = s.getItem(PREFIX + form.dataset.draft);
    if (!raw) return false;
    var saved;
    try { saved = JSON.parse(raw).data || {}; } catch (e) { return false; }
    var changed = false;
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var key = el.name + "=" + el.value;
        if (key in saved && el.checked !== saved[key]) { el.checked = saved[key]; changed = true; }
      } else if (el.tagName === "SELECT" && el.multiple) {
        if (el.name in saved) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = saved[el.name].indexOf(o.value) >= 0; });
          changed = true;
        }
      } else if (el.name in saved && el.value !== saved[el.name]) {
        el.value = saved[el.name]; changed = true;
      }
    });
    if (changed) {
      var note = document.createElement("p");
      note.className = "draft-note";
      note.setAttribute("role", "status");
      note.textContent = form.dataset.draftNote ||
        (document.documentElement.lang === "vi" ? "Đã khôi phục nội dung bạn nhập trước đó (chưa lưu)."
                                                 : "What you typed before was restored (not saved yet).");
      form.insertBefore(note, form.firstChild);
    }
    return changed;
  }
  function drop(key) {
    var s = store(); if (s) s.removeItem(PREFIX + key);
  }
  function attach(form) {
    if (form.dataset.draftReady) return;
    form.dataset.draftReady = "1";
    restore(form);
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
    form.addEventListener("submit", function () {
      save(form);
      try { window.sessionStorage.setItem(PENDING, form.dataset.draft); } catch (e) { /* private mode */ }
    });
  }
  function settlePending() {
    // After a normal submit, the next page tells whether the server saved it: a success message, or the form
    // gone (a redirect elsewhere). Otherwise (errors shown, no connection) the draft stays.
    var key;
    try { key = window.sessionStorage.getItem(PENDING); } catch (e) { return; }
    if (!key) return;
    window.sessionStorage.removeItem(PENDING);
    var form = document.querySelector('form[data-draft="' + key.replace(/"/g, '\\"') + '"]');
    var saved = document.querySelector(".messages .success");
    if (saved || !form) drop(key);
  }
  function init(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("form[data-draft]"), attach);
  }
  settlePending();
  init(document);
  // htmx forms: a swap without errors means the server saved it.
  document.addEventListener("htmx:beforeRequest", function (ev) {
    var form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("form[data-draft]");
    if (form) save(form);
  });
  document.addEventListener("htmx:afterRequest", function (ev) {
    var form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("form[data-draft]");
    if (!form || !ev.detail.successful) return;
    var text = ev.detail.xhr && ev.detail.xhr.responseText || "";
    if (text.indexOf("errorlist") < 0) drop(form.dataset.draft);
  });
  document.addEventListener("htmx:load", function (ev) { init(ev.detail.elt); });
})();
