"""Links: every same-site URL on every page resolves to a built file and fragment."""

from sitecheck import report


def test_internal_links_resolve(site):
    problems = []
    for page in site.pages:
        for tag, attribute, url, _ in site.urls(page):
            if not url or not site.is_same_site(url):
                continue
            target, fragment, problem = site.resolve(page, url)
            if problem:
                problems.append(f'{page}: <{tag} {attribute}="{url}"> {problem}')
            elif fragment and target.endswith(".html") and fragment not in site.ids(target):
                problems.append(f'{page}: <{tag} {attribute}="{url}"> no id="{fragment}" on {target}')
    assert not problems, report(problems, f"broken same-site links in the {site.name} build")


def test_no_empty_or_script_links(site):
    problems = []
    for page in site.pages:
        for tag, attribute, url, _ in site.urls(page):
            if url in ("", "#") or url.lower().startswith("javascript:"):
                problems.append(f'{page}: <{tag} {attribute}="{url}"> goes nowhere')
    assert not problems, report(problems, f"empty links in the {site.name} build")


def test_publish_build_stays_under_its_sub_path(publish_site):
    """Under SITEURL=https://example.org/blog nothing may point at example.org outside /blog/."""
    problems = []
    for page in publish_site.pages:
        for tag, attribute, url, _ in publish_site.urls(page):
            if publish_site.is_same_site(url):
                _, _, problem = publish_site.resolve(page, url)
                if problem and problem.startswith("points outside"):
                    problems.append(f'{page}: <{tag} {attribute}="{url}"> {problem}')
    assert not problems, report(problems, "links leaving /blog/ in the publish build")


def test_links_opening_a_new_window_cannot_reach_back(site):
    """A link with target= must carry rel="noopener noreferrer"."""
    problems = []
    for page in site.pages:
        for link in site.soup(page).find_all("a", target=True):
            rel = set(link.get("rel") or [])
            if not {"noopener", "noreferrer"} <= rel:
                problems.append(
                    f'{page}: <a href="{link.get("href")}" target="{link["target"]}"> lacks rel="noopener noreferrer"'
                )
    assert not problems, report(problems, f"new-window links without noopener in the {site.name} build")
