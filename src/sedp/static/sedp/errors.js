/* openSEDP: when a form sent by htmx is refused (too large, not allowed, expired, a server error) or cannot be
   sent (no connection), say so above the form in the page's language, and leave what was typed where it is.
   Without this, htmx swaps nothing on an error and the button seems to do nothing. No dependencies. */
(function () {
  "use strict";
  var vi = document.documentElement.lang === "vi";
  function show(elt, text) {
    var form = (elt && elt.closest && elt.closest("form")) || elt;
    if (!form || !form.parentNode) return;
    var note = form.previousElementSibling;
    if (!note || !note.classList.contains("request-error")) {
      note = document.createElement("ul");
      note.className = "messages request-error";
      note.setAttribute("role", "alert");
      form.parentNode.insertBefore(note, form);
    }
    note.innerHTML = "";
    var li = document.createElement("li");
    li.className = "error";
    li.textContent = text;
    note.appendChild(li);
  }
  document.addEventListener("htmx:responseError", function (ev) {
    // The error page's own heading and first paragraph say what happened and what to do, in the right words.
    var text = "";
    try {
      var doc = new DOMParser().parseFromString(ev.detail.xhr.responseText || "", "text/html");
      var h1 = doc.querySelector("main h1"), p = doc.querySelector("main .card p");
      text = [h1 && h1.textContent.trim(), p && p.textContent.trim()].filter(Boolean).join(": ");
    } catch (e) { /* not HTML */ }
    show(ev.detail.elt, text || (vi ? "Chưa lưu được (lỗi " + ev.detail.xhr.status + "). Nội dung bạn nhập vẫn còn ở dưới."
                                    : "Not saved (error " + ev.detail.xhr.status + "). What you typed is still below."));
  });
  document.addEventListener("htmx:sendError", function (ev) {
    show(ev.detail.elt, vi ? "Không kết nối được máy chủ: chưa lưu. Nội dung bạn nhập vẫn còn ở dưới; hãy thử lại khi có mạng."
                           : "The server could not be reached: not saved. What you typed is still below; try again when online.");
  });
})();
