// Search as a progressive enhancement. Without JavaScript the page explains how
// to browse instead; with it, this shows the form and searches the Pagefind
// index (built after every build) as the reader types.
const root = document.querySelector("[data-search]");

if (root) {
  const form = root.querySelector("[data-search-form]");
  const input = form.querySelector("input[name=q]");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  let pagefind = null;
  let latest = 0;
  let timer = 0;

  root.querySelector("[data-search-fallback]").hidden = true;
  form.hidden = false;

  async function loadIndex() {
    if (!pagefind) {
      pagefind = await import(root.dataset.pagefind);
      await pagefind.options({ baseUrl: root.dataset.baseUrl, excerptLength: 24 });
    }
    return pagefind;
  }

  function render(item) {
    const entry = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    const excerpt = document.createElement("p");
    link.href = item.url;
    link.textContent = item.meta.title;
    heading.className = "search-result-title";
    heading.append(link);
    // Pagefind escapes the page text and marks the matches with <mark>.
    excerpt.innerHTML = item.excerpt;
    entry.append(heading, excerpt);
    return entry;
  }

  async function search(query) {
    const ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const index = await loadIndex();
    const found = await index.search(query);
    const items = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...items.map(render));
    const count = found.results.length;
    status.textContent =
      count === 0
        ? `No articles found for “${query}”. Try another word.`
        : `${count} ${count === 1 ? "article" : "articles"} found for “${query}”.`;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    search(input.value);
  });

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
}
