/* A change of view replaces the address; only a change of page adds to the history.

   Streamlit's front end writes every st.query_params change with history.pushState, so
   each slider step, button and Play tick would add an entry, and Back would land on an
   entry that the app (which reads the link once per session) writes over at once: Back
   would do nothing visible. Readers of time-slider maps expect Back to leave the page
   (docs/architecture.md, "Back and the address"), so a push that changes only the query
   becomes a replace. A change of page (Map to Timeline) keeps its entry. Embedded in an
   article, every push becomes a replace: a frame's entries join its host page's history.

   Run by app.py on every page, in the app's window; installed once per window. Nothing in
   here may look like an HTML tag: Streamlit's sanitiser reads the script as HTML first. */
(() => {
  if (window.handoverHistory) return;
  const embedded = document.currentScript?.dataset.embedded === "true";
  const push = history.pushState.bind(history);
  window.handoverHistory = {embedded};
  history.pushState = function (state, title, url) {
    const target = url === undefined || url === null ? location : new URL(url, location.href);
    if (embedded || target.pathname === location.pathname) {
      return history.replaceState(state, title, url);
    }
    return push(state, title, url);
  };
  // A link the app cannot read as it stands (?date=banana) is corrected in the first run,
  // and Streamlit may have pushed the correction before this script ran. Back from the
  // corrected address would then land on the link as opened, which the app would correct
  // again at once: Back goes on past it, to the page before.
  const opened = performance.getEntriesByType("navigation")[0]?.name;
  if (opened && opened !== location.href && new URL(opened).pathname === location.pathname) {
    addEventListener("popstate", () => {
      if (location.href === opened) history.back();
    });
  }
})();
