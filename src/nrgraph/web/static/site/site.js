// IRIs of the data namespace open the resource's page on this server instead of the public
// namespace (w3id.org), wherever a tool of the site shows them: YASGUI's result tables (links),
// GraphiQL's answers (strings in the result viewer; click or Enter). The namespace and the
// site's root come from attributes of <html> that the server writes.
(function () {
  "use strict";
  var root = document.documentElement;
  var ids = root.getAttribute("data-nrgraph-ids");
  if (!ids) { return; }
  var base = new URL(root.getAttribute("data-nrgraph-base") || "./", window.location.href).href;
  function local(iri) {
    return iri.indexOf(ids) === 0 && iri.length > ids.length ? base + "id/" + iri.slice(ids.length) : null;
  }
  function mark(scope) {
    scope.querySelectorAll("a[href^='" + ids + "']").forEach(function (a) {
      var href = local(a.getAttribute("href"));
      if (href) { a.setAttribute("href", href); a.removeAttribute("target"); }
    });
    scope.querySelectorAll(".result-window .cm-string:not(.nrg-iri)").forEach(function (span) {
      var href = local(span.textContent.replace(/^"|"$/g, ""));
      if (href) {
        span.classList.add("nrg-iri");
        span.setAttribute("data-href", href);
        span.setAttribute("title", "Open the page of " + href);
      }
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest(".nrg-iri") : null;
    if (target) { window.open(target.getAttribute("data-href"), "_blank", "noopener"); }
  }, true);
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; mark(document.body); });
  }).observe(document.body, { childList: true, subtree: true });
  mark(document.body);
})();
