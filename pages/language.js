/* The page's language follows the reader's choice (pages/common.language_switch).

   The served page names its language in html lang from the link's ?lang= (the server
   rewrites index.html); a switch in the page changes only what Streamlit draws, so this
   script, written again with each language, sets html lang, which screen readers read the
   page in. Each language's own name in the switch's list carries its own lang ("Русский"
   is Russian on an English page): Streamlit's select gives its options no attribute of
   their own, so they are marked here by their exact text whenever the list is drawn. The
   closed switch shows the chosen language, which is the page's own.

   Nothing in here may look like an HTML tag: Streamlit's sanitiser reads the script as
   HTML first. */
(() => {
  const data = document.currentScript?.dataset;
  if (!data?.lang) return;
  document.documentElement.lang = data.lang;
  const codes = JSON.parse(data.names);  // name -> code
  const mark = () => {
    for (const option of document.querySelectorAll('[role="option"]:not([lang])')) {
      const code = codes[option.textContent.trim()];
      if (code) option.lang = code;
    }
  };
  mark();
  if (!window.handoverLanguage) {
    window.handoverLanguage = new MutationObserver(mark);
    window.handoverLanguage.observe(document.body, {childList: true, subtree: true});
  }
})();
