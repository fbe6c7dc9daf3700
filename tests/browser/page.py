"""Drives headless Chromium (Debian's chromium and chromedriver, through
selenium) against a running `socgraf serve`: search a name, open its card,
check its facts, evidence and network drawing, run a saved query, open a
path; saves a screenshot of the card.

usage: page.py BASE_URL SCREENSHOT SEARCH_NAME PATH_TO_NAME
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def main():
    base, shot, name, other = sys.argv[1:5]
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1600"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(60)
    try:
        # search a name from the front page's box
        driver.get(base + "/")
        box = driver.find_element(By.ID, "q")
        box.send_keys(name)
        box.submit()
        card = wait_for(driver, "article.card, ul.candidates")
        h1 = driver.find_element(By.TAG_NAME, "h1").text
        if not driver.find_elements(By.CSS_SELECTOR, "article.card"):
            # several hits: open the first
            driver.find_element(By.CSS_SELECTOR, "ul.candidates a").click()
            wait_for(driver, "article.card")
            h1 = driver.find_element(By.TAG_NAME, "h1").text
        check(card and driver.find_elements(By.CSS_SELECTOR, "article.card"),
              f"no card after searching {name!r}: {h1}")
        # facts with their evidence, and the drawing
        facts = driver.find_elements(By.CSS_SELECTOR, "table.facts tr td")
        check(facts, f"the card of {h1} shows no facts")
        evidence = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "blockquote.evidence")]
        check(any(len(e) > 20 for e in evidence), f"no evidence sentence on the card of {h1}")
        check(driver.find_elements(By.CSS_SELECTOR, "div.ego svg g.node"), "no SVG network on the card")
        driver.save_screenshot(shot)
        # a card's network links to the cards of its neighbours
        links = driver.find_elements(By.CSS_SELECTOR, "div.ego svg a")
        check(links, "the network's nodes do not link to cards")
        # a saved query, one click from the front page
        driver.get(base + "/")
        driver.find_element(By.CSS_SELECTOR, "a[href='/queries/01-who-works-where']").click()
        rows = wait_for(driver, "table.results tr")
        check(len(rows) > 1, "saved query 01 gave no rows")
        check(driver.find_elements(By.CSS_SELECTOR, "table.results a[href^='/entity?iri=']"),
              "saved query results do not link to cards")
        # the query editor runs an edited query
        area = driver.find_element(By.CSS_SELECTOR, "form.editor textarea")
        area.clear()
        area.send_keys('SELECT ?e WHERE { ?e rdfs:label "' + other + '"@sv }')
        old = driver.find_element(By.CSS_SELECTOR, "table.results")
        driver.find_element(By.CSS_SELECTOR, "form.editor button").click()
        WebDriverWait(driver, 15).until(EC.staleness_of(old))
        check(wait_for(driver, "table.results a"), f"the editor found no {other!r}")
        # a path between the two
        driver.get(base + "/path")
        form = wait_for(driver, "main form[action='/path']")[0]
        form.find_element(By.NAME, "a").send_keys(name)
        form.find_element(By.NAME, "b").send_keys(other)
        form.submit()
        steps = wait_for(driver, "ol.path li")
        check(steps, f"no path from {name!r} to {other!r}: {driver.current_url}\n"
              + driver.find_element(By.TAG_NAME, "main").text)
        check(driver.find_elements(By.CSS_SELECTOR, "ol.path blockquote.evidence"), "a path without evidence")
        print(f"browser: card of {h1} ({len(evidence)} evidence sentences), "
              f"{len(rows) - 1} rows of query 01, a path of {len(steps)} step(s)")
    finally:
        driver.quit()


def wait_for(driver, css):
    """The elements matching css once the page that shows them has loaded
    (a click starts a navigation; it does not wait for it); [] after 15 s."""
    try:
        WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))
    except Exception:
        return []
    return driver.find_elements(By.CSS_SELECTOR, css)


def check(ok, msg):
    if not ok:
        print("browser test failed: " + msg, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
