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
  // Accessibility repairs for the third-party editors (GraphiQL, YASGUI), reapplied as they redraw:
  // their code editors' hidden textareas get names, their scroll areas can take the keyboard focus,
  // and their tab strips become plain groups of buttons (their close buttons sit inside the tabs,
  // which ARIA's tab pattern does not allow).
  var names = [[".graphiql-query-editor textarea", "GraphQL query"],
    [".graphiql-editor-tool .graphiql-editor:nth-child(1) textarea", "Variables (JSON)"],
    [".graphiql-editor-tool .graphiql-editor:nth-child(2) textarea", "Headers (JSON)"],
    [".result-window textarea", "Result"], [".yasqe textarea", "SPARQL query"],
    [".yasr textarea", "Results"], ["input.autocomplete", "Endpoint"]];
  function repair(scope) {
    names.forEach(function (pair) {
      scope.querySelectorAll(pair[0] + ":not([aria-label])").forEach(function (el) {
        el.setAttribute("aria-label", pair[1]);
      });
    });
    scope.querySelectorAll("textarea:not([aria-label]):not([id])").forEach(function (el) {
      el.setAttribute("aria-label", "Editor");
    });
    scope.querySelectorAll(".CodeMirror-scroll:not([tabindex='0'])").forEach(function (el) {
      el.setAttribute("tabindex", "0");
    });
    scope.querySelectorAll(".graphiql-tabs[role=tablist], .tabsList[role=tablist]").forEach(function (el) {
      el.setAttribute("role", "group");
      el.setAttribute("aria-label", "Tabs");
    });
    scope.querySelectorAll(".graphiql-tab[role=tab], .tabsList [role=tab]").forEach(function (el) {
      el.setAttribute("role", "none");
      el.removeAttribute("aria-selected");
      el.removeAttribute("aria-controls");
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
    window.requestAnimationFrame(function () { pending = false; mark(document.body); repair(document.body); });
  }).observe(document.body, { childList: true, subtree: true });
  mark(document.body);
  repair(document.body);
})();
