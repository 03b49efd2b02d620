#!/usr/bin/env python3
"""The review page in a real browser: headless Chromium driven by Playwright.

Makes a page from corpus/ with `selaras run --format review,tmx`, opens it from disk, checks what it
shows against the run's TMX, performs every edit with real clicks and keys, reloads (the work must
survive), exports both TMX files and the decisions file, validates the TMX against the TMX 1.4b
DTD with xmllint and replays the decisions with `selaras apply-review`. Screenshots at a desktop
and a narrow width go to --shots (not committed).

  test_review_page.py [--selaras target/debug/selaras] [--dtd ../shared/docs/tmx14.dtd]
                      [--chromium /usr/bin/chromium] [--shots /tmp] [--large]

--large also builds a corpus of about 20,000 pairs (scripts/make_bench_corpus.py), and checks that
its page is at most 3 times the size of its text and answers a key within 2 s of opening.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"ok: {message}")


def selaras(binary, *args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1718755200")
    subprocess.run([binary, *args], check=True, env=env, cwd=ROOT)


def xmllint(path, dtd):
    """Validates against the TMX DTD when there is one, else checks that the file is well formed."""
    if dtd:
        subprocess.run(["xmllint", "--noout", "--dtdvalid", dtd, path], check=True)
    else:
        subprocess.run(["xmllint", "--noout", path], check=True)


def tus(path):
    """The TMX's units: (props, source seg, target seg)."""
    out = []
    for tu in ET.parse(path).getroot().iter("tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        segs = [tuv.find("seg").text or "" for tuv in tu.findall("tuv")]
        out.append((props, segs[0], segs[1]))
    return out


def open_page(browser, url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: r.url.startswith(("file:", "blob:")) or errors.append(f"request to {r.url}"))
    page.goto(url)
    page.wait_for_selector("html[data-ready]")
    return context, page, errors


def count(page, label):
    return int(page.locator(f'#summary [data-count="{label}"] b').inner_text())


def row(page, d, b):
    return page.locator(f'.row[data-d="{d}"][data-b="{b}"]')


def press(page, d, b, action):
    target = row(page, d, b).locator(f'button[data-act="{action}"]')
    target.scroll_into_view_if_needed()
    target.click()


def download(page, button, path):
    with page.expect_download() as info:
        page.click(button)
    info.value.save_as(path)
    return path


def sides(page, d, b):
    r = row(page, d, b)
    return (r.locator(".src .sent").all_inner_texts(), r.locator(".tgt .sent").all_inner_texts())


def drawn_rows(page):
    """Every row drawn: its document, bead, kind and decision, and its sentences."""
    return page.evaluate("""() => [...document.querySelectorAll('#list .row')].map(r => [
        r.getAttribute('data-d'), r.getAttribute('data-b'),
        r.className.replace(' cursor', ''), r.querySelector('.num').innerText,
        [...r.querySelectorAll('.src .sent')].map(s => s.textContent),
        [...r.querySelectorAll('.tgt .sent')].map(s => s.textContent)])""")


def check_drawn_as_new(page, what):
    """The rows as changes left them are the rows the page draws from scratch (the filters'
    change event draws the list anew, from the top)."""
    before = drawn_rows(page)
    page.evaluate("document.getElementById('only-doubtful').dispatchEvent(new Event('change'))")
    after = drawn_rows(page)
    n = min(len(before), len(after))
    check(n > 0 and before[:n] == after[:n], f"{what}: the rows drawn are those drawn from scratch")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--selaras", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "selaras"))
    shared = os.environ.get("SELARAS_SHARED", os.path.join(ROOT, "..", "shared"))
    parser.add_argument("--dtd", default=os.path.join(shared, "docs", "tmx14.dtd"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--shots", default=tempfile.gettempdir())
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--time-limit", type=float, default=2.0,
                        help="seconds the large page may take to answer its first key (best of three)")
    args = parser.parse_args()
    if not os.path.exists(args.dtd):
        print(f"no TMX DTD at {args.dtd}: the exported TMX files are checked for well-formedness only")
        args.dtd = None

    work = tempfile.mkdtemp(prefix="selaras-review-")
    # corpus/ and one pair with its sides swapped, which the checks keep out of the bitext.
    corpus = os.path.join(work, "corpus")
    shutil.copytree(os.path.join(ROOT, "corpus"), corpus)
    shutil.copy(os.path.join(corpus, "jakarta-floods.id.txt"), os.path.join(corpus, "zz-swapped.en.txt"))
    shutil.copy(os.path.join(corpus, "jakarta-floods.en.txt"), os.path.join(corpus, "zz-swapped.id.txt"))
    # And a short pair whose text looks like markup, which must be shown as text.
    hostile = 'Tom & Jerry said "</script><script>window.pwned = 1</script>" and <b>left</b>.'
    with open(os.path.join(corpus, "zz-markup.en.txt"), "w", encoding="utf-8") as f:
        f.write(hostile + "\n\nThe rest is quiet.\n")
    with open(os.path.join(corpus, "zz-markup.id.txt"), "w", encoding="utf-8") as f:
        f.write('Tom & Jerry berkata "<!-- bukan komentar" lalu <b>pergi</b>.\n\nSisanya tenang.\n')
    out = os.path.join(work, "out")
    selaras(args.selaras, "run", "-q", corpus, "-o", out, "--format", "review,tmx")
    html = os.path.join(out, "review.html")
    written = tus(os.path.join(out, "corpus.tmx"))
    with open(html, encoding="utf-8") as f:
        source = f.read()
    check(not re.search(r"https?:|\b(src|href)\s*=\s*['\"]|\burl\(|//", source, re.I), "the page refers to nothing outside itself")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        url = "file://" + html

        # Before (and without) the script, the first pairs are in the page as plain text.
        plain = browser.new_context(java_script_enabled=False)
        plain_page = plain.new_page()
        plain_page.goto(url)
        static_rows = plain_page.locator(".selaras-static p")
        check(static_rows.count() > 0 and written[0][1] in static_rows.first.inner_text(),
              f"without JavaScript the first pairs are shown as text ({static_rows.count()} rows)")
        plain.close()

        context, page, errors = open_page(browser, url, 1400, 900)
        check(page.locator(".selaras-static").count() == 0, "the script replaces the static rows with its own")

        # What is shown.
        documents = len(os.listdir(os.path.join(ROOT, "corpus"))) // 3 + 2
        swapped = documents - 1
        pairs_only = ":not(.unaligned):not(.boilerplate)"
        check(count(page, "documents") == documents, f"the summary counts {documents} documents")
        kept_out = page.locator(f'.row{pairs_only}[data-d="{swapped}"]').count()
        check(count(page, "pairs") == len(written) + kept_out,
              f"the summary counts the TMX's {len(written)} pairs and the {kept_out} kept out")
        check(count(page, "flagged documents") == 1, "and the one flagged document")
        heading = page.locator(".doc").nth(swapped).inner_text()
        check("suspect: swapped sides" in heading and "kept out" in heading, "which says why and that it is kept out")
        bands = sum(count(page, band) for band in ["\u2265 0.9", "0.5\u20130.9", "< 0.5"])
        check(bands == count(page, "pairs"), "the bands add up to the pairs")
        check(page.locator(".doc").count() == documents, "every document has its heading, in order")
        check(page.evaluate("window.pwned") is None, "text that looks like markup runs nothing")
        check(page.locator(".sent", has_text=hostile).count() == 1, "and is shown as it was written")
        names = page.locator(".doc .name").all_inner_texts()
        check(names == sorted(names), "documents are in NAME order")
        first = page.locator(".row.good").first
        check(" ".join(first.locator(".src .sent").all_inner_texts()) == written[0][1], "source on the left")
        check(" ".join(first.locator(".tgt .sent").all_inner_texts()) == written[0][2], "target on the right")
        check(page.locator(".row.unaligned").count() == count(page, "unaligned"), "unaligned sentences have rows")
        check(page.locator(".row.boilerplate").count() == count(page, "boilerplate"), "boilerplate has rows")
        check(page.locator(".doc").first.inner_text().find("status: aligned") >= 0, "documents show their status")

        # Why a pair was chosen: on demand, what its two sides share, each token found on its side.
        first.locator('button[data-act="why"]').click()
        why = first.locator(".why")
        check(why.count() == 1 and why.inner_text().startswith("Why:"), "why? shows the reasons of a pair")
        src_text = " ".join(first.locator(".src .sent").all_inner_texts())
        tgt_text = " ".join(first.locator(".tgt .sent").all_inner_texts())
        shown = why.locator(".pair").all_inner_texts()
        check(len(shown) > 0, f"a good pair has reasons ({why.inner_text()!r})")
        for pair in shown:
            left, _, right = pair.partition(" = ")
            right = right or left
            check(left in src_text and right in tgt_text, f"the reason {pair!r} is in the pair's two sides")
        reasons = page.evaluate("""() => Array.from(document.querySelectorAll('script.selaras-doc'))
            .map(s => JSON.parse(s.textContent).beads.filter(b => b[7] && b[7].length).length)
            .reduce((a, b) => a + b, 0)""")
        check(reasons >= count(page, "pairs") // 2, f"most pairs come with reasons ({reasons})")
        page.screenshot(path=os.path.join(args.shots, "review-desktop.png"))
        first.locator('button[data-act="why"]').click()
        check(page.locator(".row.good").first.locator(".why").count() == 0, "and a second click hides them")

        # The summary counts the doubtful beads not yet decided.
        left = count(page, "doubtful left")
        check(left > 0, f"the summary counts {left} doubtful beads left to decide")

        # Keyboard: j goes to a doubtful bead, c confirms it, r rejects the next.
        page.locator("body").press("j")
        cursor = page.locator(".row.cursor")
        check(cursor.count() == 1 and ("good" not in cursor.get_attribute("class") or cursor.locator(".qa").count()),
              "j goes to a doubtful bead")
        d, b = cursor.get_attribute("data-d"), cursor.get_attribute("data-b")
        page.keyboard.press("c")
        check("confirmed" in row(page, d, b).get_attribute("class"), "c confirms it")
        moved = page.locator(".row.cursor")
        check((moved.get_attribute("data-d"), moved.get_attribute("data-b")) != (d, b), "and moves on")
        rd, rb = moved.get_attribute("data-d"), moved.get_attribute("data-b")
        page.keyboard.press("r")
        check("rejected" in row(page, rd, rb).get_attribute("class"), "r rejects")
        check(count(page, "doubtful left") == left - 2, "and two fewer doubtful beads are left")
        page.keyboard.press("k")
        check(page.locator(".row.cursor").count() == 1, "k goes back")

        # Clicks: confirm two pairs of the first document.
        for b in (0, 1):
            if "confirmed" not in row(page, 0, b).get_attribute("class"):
                press(page, 0, b, "confirm")
        check(all("confirmed" in row(page, 0, b).get_attribute("class") for b in (0, 1)), "a click confirms")

        # Merge a pair with the next, then split it back.
        beads0 = page.locator('.row[data-d="0"]').count()
        before = sides(page, 0, 3), sides(page, 0, 4)
        press(page, 0, 3, "merge")
        merged = sides(page, 0, 3)
        check(merged == (before[0][0] + before[1][0], before[0][1] + before[1][1]), "merge joins two beads")
        check(page.locator('.row[data-d="0"]').count() == beads0 - 1, "one bead fewer")
        # A bead made by hand has no score of the aligner's: it is doubtful until decided.
        check(row(page, 0, 3).locator(".num").inner_text().startswith("0.000")
              and "poor" in row(page, 0, 3).get_attribute("class"), "a merged bead scores 0 until confirmed")
        press(page, 0, 3, "split")
        check(page.locator('.row[data-d="0"]').count() == beads0, "split makes two beads again")
        check(sides(page, 0, 3)[0] == merged[0][:1], "the first sentence split off")
        check(all(row(page, 0, b).locator(".num").inner_text().startswith("0.000") for b in (3, 4)),
              "and its two parts score 0 too")

        # Move a sentence to the bead above, and back down.
        above, here = sides(page, 0, 5), sides(page, 0, 6)
        press(page, 0, 6, "src-up")
        check(sides(page, 0, 5)[0] == above[0] + here[0][:1], "src \u2191 moves a sentence up")
        check(page.locator(".row.cursor").count() == 1, "one row is the cursor's after a move")
        press(page, 0, 5, "src-down")
        check(sides(page, 0, 6)[0][:1] == here[0][:1], "src \u2193 moves it down again")
        press(page, 0, 6, "tgt-up")
        press(page, 0, 5, "tgt-down")
        check(sides(page, 0, 6)[1] == here[1], "tgt \u2191 and \u2193 too")

        # Undo: u (or Ctrl+Z) puts back what a merge and a decision changed, one step at a time.
        count0 = page.locator('.row[data-d="0"]').count()
        kept7 = (sides(page, 0, 7), row(page, 0, 7).locator(".num").inner_text())
        press(page, 0, 7, "merge")
        press(page, 0, 7, "confirm")
        page.keyboard.press("u")
        check("confirmed" not in row(page, 0, 7).get_attribute("class"), "u takes back the last decision")
        page.keyboard.press("Control+z")
        check(page.locator('.row[data-d="0"]').count() == count0
              and (sides(page, 0, 7), row(page, 0, 7).locator(".num").inner_text()) == kept7,
              "and Ctrl+Z the merge before it, score and all")

        check_drawn_as_new(page, "after merges, splits, moves and undo")
        # With the filter of doubtful beads on, a change redraws what it changed and no more.
        page.check("#only-doubtful")
        first = page.locator("#list .row").first
        fd, fb = first.get_attribute("data-d"), first.get_attribute("data-b")
        press(page, fd, fb, "merge")
        press(page, fd, fb, "split")
        page.keyboard.press("u")
        check_drawn_as_new(page, "with the doubtful filter on")
        page.keyboard.press("u")
        page.uncheck("#only-doubtful")

        # An unaligned sentence given the partner next to it.
        lone = page.locator('.row.unaligned:not([data-d="0"])').first
        ld, lb = int(lone.get_attribute("data-d")), int(lone.get_attribute("data-b"))
        unaligned = count(page, "unaligned")
        press(page, ld, max(lb - 1, 0), "merge")
        check(count(page, "unaligned") == unaligned - 1, "an unaligned sentence joins its neighbour")

        # Edit a segment's text with the keyboard.
        press(page, 0, 0, "edit")
        page.keyboard.press("Control+A")
        page.keyboard.type("An edited sentence, typed.")
        page.keyboard.press("Tab")
        page.keyboard.press("Control+A")
        page.keyboard.type("Kalimat yang disunting.")
        page.keyboard.press("Enter")
        check(sides(page, 0, 0)[0][0] == "An edited sentence, typed.", "edit changes the text")
        check(sides(page, 0, 0)[1][0] == "Kalimat yang disunting.", "of both sides (Tab goes to the other)")
        check("edited" in row(page, 0, 0).inner_text(), "and marks the bead edited")
        # Escape takes back what was typed; an emptied sentence is given back; pasted line
        # breaks are spaces.
        kept = sides(page, 0, 1)
        press(page, 0, 1, "edit")
        page.keyboard.press("Control+A")
        page.keyboard.type("Typed, then taken back.")
        page.keyboard.press("Escape")
        check(sides(page, 0, 1) == kept and "edited" not in row(page, 0, 1).inner_text(), "Escape cancels an edit")
        press(page, 0, 1, "edit")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.press("Enter")
        check(sides(page, 0, 1) == kept and "cannot be left empty" in page.locator("#status").inner_text(),
              "a sentence emptied is given back, and the page says why")
        press(page, 0, 1, "edit")
        page.keyboard.press("Control+A")
        page.evaluate("""() => {
            const dt = new DataTransfer(); dt.setData('text/plain', 'Line one\\nline two.');
            document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
        }""")
        page.keyboard.press("Enter")
        check(sides(page, 0, 1)[0][0] == "Line one line two.", f"a pasted line break is a space ({sides(page, 0, 1)[0][:1]})")
        # Keyboard focus takes the cursor along, and c given twice takes the decision back.
        row(page, 0, 2).locator('button[data-act="split"]').focus()
        check("cursor" in row(page, 0, 2).get_attribute("class"), "the focused row is the cursor's")
        page.keyboard.press("c")
        check("confirmed" in row(page, 0, 2).get_attribute("class"), "c confirms the focused row")
        row(page, 0, 2).locator('button[data-act="split"]').focus()
        page.keyboard.press("c")
        again = row(page, 0, 2).get_attribute("class")
        check("confirmed" not in again and "rejected" not in again and "cursor" in again,
              f"and c on a confirmed row takes the decision back, the cursor staying ({again})")
        press(page, 0, 0, "confirm")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.path.join(args.shots, "review-edited.png"))
        # An edit ended by a click on a button of its own row: the click is not lost.
        count1 = page.locator('.row[data-d="1"]').count()
        press(page, 1, 0, "edit")
        page.keyboard.press("Control+A")
        page.keyboard.type("Edited, then merged at once.")
        press(page, 1, 0, "merge")
        check(page.locator('.row[data-d="1"]').count() == count1 - 1
              and sides(page, 1, 0)[0][0] == "Edited, then merged at once.",
              "an edit ended by its row's merge button is kept, and the merge done")
        confirmed, rejected = count(page, "confirmed"), count(page, "rejected")
        flagged_pairs = count(page, "flagged pairs")

        # The work survives a reload.
        page.reload()
        page.wait_for_selector("html[data-ready]")
        check(count(page, "confirmed") == confirmed and count(page, "rejected") == rejected, "decisions survive a reload")
        check(count(page, "flagged pairs") == flagged_pairs, "and so do the QA flags of beads changed by hand (none)")
        check(sides(page, 0, 0)[0][0] == "An edited sentence, typed.", "edits survive a reload")

        # Filters.
        page.check("#only-doubtful")
        kinds = page.locator(".row").evaluate_all("rs => rs.map(r => [r.className, r.dataset.d])")
        kinds = page.locator(".row").evaluate_all(
            "rs => rs.map(r => [r.className, r.dataset.d, !!r.querySelector('.qa'), "
            "r.querySelector('.num').innerText.includes('edited')])")
        check(kinds and all(" good" not in k or d == str(swapped) or q or (e and "confirmed" not in k and "rejected" not in k)
                            for k, d, q, e in kinds),
              "only doubtful hides the sure pairs (but for the flagged document's, and those edited and not yet decided)")
        page.uncheck("#only-doubtful")
        page.select_option("#doc-filter", "1")
        check(page.locator(".doc").count() == 1 and page.locator(".doc .name").inner_text() == names[1], "one document")
        page.select_option("#doc-filter", str(swapped))
        page.screenshot(path=os.path.join(args.shots, "review-flagged.png"))
        page.select_option("#doc-filter", "")
        flagged_pairs = count(page, "flagged pairs")
        check(page.locator(".row .qa").count() == flagged_pairs, f"{flagged_pairs} pairs with QA flags are marked")
        if flagged_pairs:
            note = page.locator(".row .qa").first.get_attribute("title")
            check(note.startswith("QA flags: ") and "missing from the" in note, f"saying which ({note})")
            page.locator(".row .qa").first.click()
            check(page.locator("#status").inner_text() == note, "on a click too")
        page.check("#only-flagged")
        rows = page.locator(".row").evaluate_all("rs => rs.map(r => [r.dataset.d, !!r.querySelector('.qa')])")
        check(all(d == str(swapped) or q for d, q in rows) and sum(d == str(swapped) for d, _ in rows) > kept_out,
              "only flagged shows the flagged document and the flagged pairs")
        page.uncheck("#only-flagged")
        # A pair of the flagged document confirmed by hand goes into the TMX.
        saved = page.locator(f'.row{pairs_only}[data-d="{swapped}"]').first
        saved_b = saved.get_attribute("data-b")
        press(page, swapped, saved_b, "confirm")
        saved_src = " ".join(sides(page, swapped, saved_b)[0])
        said = page.locator("#status").inner_text()
        check("sides are swapped" in said,
              f"confirming in a document whose sides are swapped says that none of its pairs is exported ({said!r})")

        # Exports.
        confirmed_tmx = download(page, "#export-confirmed", os.path.join(work, "confirmed.tmx"))
        xmllint(confirmed_tmx, args.dtd)
        units = tus(confirmed_tmx)
        confirmed_pairs = page.locator(f'.row.confirmed{pairs_only}:not([data-d="{swapped}"])').count()
        check(len(units) == confirmed_pairs > 0, f"the confirmed TMX holds the {confirmed_pairs} confirmed pairs")
        check(all(u[0]["x-reviewed"] == "yes" for u in units), "each marked x-reviewed yes, valid against the DTD")
        check(any(u[1] == "An edited sentence, typed." for u in units), "with the edited text")
        all_tmx = download(page, "#export-all", os.path.join(work, "all.tmx"))
        xmllint(all_tmx, args.dtd)
        units = tus(all_tmx)
        expected = page.locator(f'.row{pairs_only}:not(.rejected):not([data-d="{swapped}"])').count()
        check(len(units) == expected, "the other TMX holds every pair not rejected, valid against the DTD")
        check(not any(u[0]["x-doc"] == "zz-swapped" for u in units),
              "and nothing of the document whose sides are swapped, not even its confirmed pair")
        check({u[0]["x-reviewed"] for u in units} == {"yes", "no"}, "marked x-reviewed yes or no")
        check(all({"x-doc", "x-score", "x-bead", "x-reviewed"} <= set(u[0]) <= {"x-doc", "x-score", "x-bead", "x-qa", "x-reviewed"}
                  for u in units), "with selaras's own props")
        check(any("x-qa" in u[0] for u in units), "the QA flags among them, as corpus.tmx has them")
        if shutil.which("omegat") or os.path.exists("/usr/share/omegat/OmegaT.jar"):
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "check_tmx_omegat.sh"), all_tmx], check=True,
                           stdout=subprocess.DEVNULL)
            print("ok: the exported TMX loads in OmegaT")
        else:
            print("skipped: OmegaT is not installed, so the exported TMX was not loaded in it")
        decisions = download(page, "#export-decisions", os.path.join(work, "decisions.json"))
        with open(decisions, encoding="utf-8") as f:
            review = json.load(f)
        check(len(review["documents"]) == documents, "the decisions file holds every document")
        replayed = os.path.join(work, "replayed")
        selaras(args.selaras, "apply-review", decisions, "-o", replayed, "--format", "tmx,csv")
        xmllint(os.path.join(replayed, "corpus.tmx"), args.dtd)
        units = tus(os.path.join(replayed, "corpus.tmx"))
        check(any(u[1] == "An edited sentence, typed." and u[0]["x-score"] == "1.000" for u in units),
              "apply-review replays the decisions into a valid TMX")
        check(not [u[1] for u in units if u[0]["x-doc"] == "zz-swapped"] and saved_src,
              "with nothing of the document whose sides are swapped")
        check(not errors, f"no script error and no request: {errors}")
        context.close()

        # A narrow screen.
        context, page, errors = open_page(browser, url, 390, 844)
        page.screenshot(path=os.path.join(args.shots, "review-narrow.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        check(width <= 390, f"nothing wider than a narrow screen ({width} px)")
        context.close()

        if args.large:
            large(browser, args, work)
        browser.close()
    print(f"review page: every check passed; screenshots in {args.shots}")


def large(browser, args, work):
    corpus = os.path.join(work, "large")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_bench_corpus.py"), "corpus", corpus,
                    "--megabytes", "6"], check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(work, "large-out")
    selaras(args.selaras, "run", "-q", corpus, "-o", out, "--format", "review")
    html = os.path.join(out, "review.html")
    # The best of three opens: the machine is shared, and a slow open says more about the
    # neighbours than about the page.
    times = []
    for attempt in range(3):
        start = time.monotonic()
        context, page, errors = open_page(browser, "file://" + html, 1400, 900)
        page.locator("body").press("j")
        page.wait_for_selector(".row.cursor")
        times.append(time.monotonic() - start)
        if attempt < 2:
            context.close()
    seconds = min(times)
    pairs = count(page, "pairs")
    text = page.evaluate("""() => {
        let n = 0; const enc = new TextEncoder();
        for (const el of document.querySelectorAll('script.selaras-doc')) {
            const d = JSON.parse(el.textContent);
            for (const s of d.src.concat(d.tgt)) n += enc.encode(s).length;
        }
        return n; }""")
    size = os.path.getsize(html)
    print(f"large page: {pairs} pairs, {size} bytes for {text} bytes of text ({size / text:.2f}x), "
          f"opened and answered j in {seconds:.2f} s (best of {', '.join(f'{t:.2f}' for t in times)})")
    check(pairs >= 20000, "the large page holds 20,000 pairs or more")
    check(size <= 3 * text, "the page is at most 3 times the size of its text")
    check(seconds < args.time_limit, f"it is interactive within {args.time_limit:g} s")
    # A reviewer far down the page: 3,000 rows drawn, then a merge, a split and an undo near the
    # top, each timed from the click to the page laid out again (the best of the three).
    for _ in range(40):
        if page.locator("#list .row").count() >= 3000:
            break
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(100)
    rows = page.locator("#list .row").count()
    page.evaluate("window.scrollTo(0, 0)")
    took = []
    for act, b in (("merge", 2), ("split", 2), ("undo", 2)):
        took.append(page.evaluate("""([act, b]) => {
            const t = performance.now();
            if (act === 'undo') document.dispatchEvent(new KeyboardEvent('keydown', {key: 'u'}));
            else document.querySelector(`.row[data-d="0"][data-b="${b}"] button[data-act="${act}"]`).click();
            document.body.offsetHeight;
            return performance.now() - t; }""", [act, b]))
    print(f"large page: with {rows} rows drawn, merge, split and undo took "
          f"{', '.join(f'{t:.0f}' for t in took)} ms")
    check(rows >= 3000 and min(took) < 1000 * args.time_limit / 5,
          "a change far up a long page is redrawn at once")
    check_drawn_as_new(page, "on the large page")
    check(not errors, f"no script error: {errors}")
    context.close()


if __name__ == "__main__":
    main()
