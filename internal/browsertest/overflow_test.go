package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// overflowWidths are the viewport widths every page type must hold at: a
// small phone, a common phone, a tablet and a laptop.
var overflowWidths = []int64{320, 390, 768, 1280}

// overflowJS lists what overflows the page: the document when it is wider
// than the viewport, and every element wider than its box or reaching
// past the viewport's edge that is not inside a scrolling container (a
// table in its labelled region may be wider; the region scrolls).
// Elements wholly off-screen to the left are the visually-hidden pattern
// (the skip link until focused) and make no scroll bar, so they pass.
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > vw + 1)
    out.push("document is " + document.documentElement.scrollWidth + " px wide in a " + vw + " px viewport");
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    const c = typeof el.className === "string" ? el.className.trim() : "";
    if (c) s += "." + c.split(/\s+/).join(".");
    return s;
  };
  const scrolls = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= 0) continue;
    if (scrolls(el)) continue;
    if (r.right > vw + 1 || r.left < -1) {
      out.push(name(el) + " spans " + Math.round(r.left) + "–" + Math.round(r.right) + " px in a " + vw + " px viewport");
      continue;
    }
    const st = getComputedStyle(el);
    if (st.overflowX === "visible" && st.display !== "inline" && !(el instanceof SVGElement) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      out.push(name(el) + " holds content " + el.scrollWidth + " px wide in its " + el.clientWidth + " px box");
  }
  return out.slice(0, 20);
})()`

// TestNoOverflow loads every page type at 320, 390, 768 and 1280 px and
// fails when the document or any element is wider than its container.
func TestNoOverflow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	p := buildPortal(t, ctx)
	bctx := newBrowser(t, ctx)
	types := append(p.pageTypes(t), p.formPages(t)...)
	for _, w := range overflowWidths {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(w, 900)); err != nil {
			t.Fatal(err)
		}
		for _, pt := range types {
			name := pt.Name
			if pt.Lang != "" {
				name = pt.Lang + "/" + pt.Name
			}
			t.Run(fmt.Sprintf("%d/%s", w, name), func(t *testing.T) {
				if pt.Path == "" {
					t.Skipf("the example portal has no page of this type (%s)", pt.Why)
				}
				if err := chromedp.Do(bctx, chromedp.Navigate(p.srv.URL+pt.Path)); err != nil {
					t.Fatalf("loading %s: %v", pt.Path, err)
				}
				bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](overflowJS))
				if err != nil {
					t.Fatalf("%s: %v", pt.Path, err)
				}
				for _, b := range bad {
					t.Errorf("%s at %d px: %s", pt.Path, w, b)
				}
			})
		}
	}
}

// TestOverflowCatchesAWideElement proves the check bites: a fixed-width
// box wider than a phone, and a long unbroken word in a narrow card.
func TestOverflowCatchesAWideElement(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p := buildPortal(t, ctx)
	p.pages["/wide/"] = []byte(`<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bred</title></head>
<body><main><div style="width:500px">bred</div><p style="width:100px">Boendebudgetsomröstningsresultatredovisning</p>
<div style="overflow-x:auto"><table><tr><td style="min-width:900px">i en scrollande region: godkänd</td></tr></table></div></main></body></html>`)
	bctx := newBrowser(t, ctx)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(320, 900), chromedp.Navigate(p.srv.URL+"/wide/")); err != nil {
		t.Fatal(err)
	}
	bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](overflowJS))
	if err != nil {
		t.Fatal(err)
	}
	var doc, div, word, table bool
	for _, b := range bad {
		switch {
		case len(b) > 8 && b[:8] == "document":
			doc = true
		case len(b) > 3 && b[:4] == "div ":
			div = true
		case len(b) > 1 && b[:2] == "p ":
			word = true
		case len(b) > 1 && (b[:2] == "td" || b[:5] == "table"):
			table = true
		}
	}
	if !doc || !div || !word || table {
		t.Errorf("want the document, the 500 px div and the long word flagged and the scrolling table not; got %q", bad)
	}
}
