// Polling (the bell, the custody board) must never swap another page into this one. When a
// poll was redirected (the session ended after 30 idle minutes, or the second factor is still
// to be given), nothing is swapped; if it went to the sign-in page, the page reloads, which
// then shows the sign-in page properly. Loaded once, with the bell, on every signed-in page.
document.addEventListener("htmx:beforeSwap", function (event) {
  var xhr = event.detail.xhr;
  var config = event.detail.requestConfig;
  if (!xhr || !xhr.responseURL || !config || !config.path) {
    return;
  }
  var asked = new URL(config.path, window.location.href).pathname;
  var got = new URL(xhr.responseURL).pathname;
  if (asked === got) {
    return;
  }
  event.detail.shouldSwap = false;
  if (got.indexOf("/accounts/login/") === 0 && window.location.pathname.indexOf("/accounts/") !== 0) {
    window.location.reload();
  }
});
