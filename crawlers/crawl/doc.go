// Package crawl is the marketplace crawler: it searches a marketplace for
// keywords, follows result pages and product links, reads products with a
// site adapter and the generic extractor, and stores them as listings with
// a snapshot whenever a price, sales rank, rating or review count changes,
// and the customer reviews product pages show as reviews.
//
// # Driving colly from a persistent frontier
//
// colly fetches; it does not decide what to fetch. Each worker takes a URL
// from the Frontier (rows of the control database's crawl_urls table) and
// makes one synchronous colly request for it. colly's visited set, queue,
// async mode and retry are not used, because they cannot give a resumable
// crawl: colly marks a URL visited before fetching it, its queue storage
// pops a request before it is done, and a killed process loses both.
//
// A URL's row moves through these states:
//
//	queued            waiting, or to be retried after next_at
//	queued + pending  fetched and processed; its documents are in the
//	                  row's outbox and may not be in the store yet
//	done              its documents are stored
//	failed            a permanent error, or MaxAttempts used up
//	skipped           robots.txt, the SSRF guard or the URL filters say no
//
// After a page is fetched and read, one control-database transaction
// queues the links found on it and writes its documents (listings,
// snapshots and reviews) to the row's outbox; then the documents go to the market
// store; then the row becomes done. Hence, for a process killed at any
// moment and run again with the same crawl ID:
//
//   - no URL is lost: it stays queued until its documents are stored;
//   - no page that was fetched and read is fetched again: its outbox is
//     stored by the next run before anything else;
//   - no document is stored twice: listing IDs are stable (marketplace and
//     SKU or canonical URL), a snapshot's ID is its listing's and the
//     crawl moment's, and a review's is its listing's, author's, date's
//     and text's, so storing an outbox again replaces, never adds.
//
// A request that was in flight when the process died is made again: its
// answer never reached the crawler. Cancelling ctx is gentler: requests
// in flight are abandoned, but a page whose answer had arrived is still
// recorded.
//
// # Listings and changes
//
// A listing's ID is store.StableID(market host, "sku:"+SKU) when the page
// gives a SKU, else store.StableID(market host, canonical URL); an adapter
// must therefore read the same SKU (or none) on search results and product
// pages. What a page shows is laid over the stored listing (values it
// lacks are kept). A crawl has one moment, the time it first ran (kept in
// the crawls table): FirstSeen, LastSeen, snapshot times and the day of
// the USD and CNY conversions are that moment, so a crawl writes at most
// one snapshot per listing, for new listings and for changed price, sales
// rank, rating or review count, and refines it when a later page of the
// crawl shows more.
//
// # Reviews
//
// The reviews a page shows with a product (extract.Product.Reviews: the
// adapter's reviews block, else the page's schema.org reviews) are stored
// as store.Review documents of the product's listing, with its
// marketplace, country, brand and sectors (as merged with the stored
// listing) and the language's primary subtag ("pt-BR" → "pt"). A review's
// ID is store.StableID(listing ID, author, date, hash of the text), so a
// review seen by every later crawl is stored once and replaced, not
// added again. Reviews without a date, or with neither text nor rating,
// are dropped (Stats.Dropped). A page usually shows only the newest few
// reviews; the crawler stores what it sees and never deletes reviews.
//
// # Politeness
//
// robots.txt (package robots) is read once per host and obeyed for every
// URL and every redirect hop (colly's own check never sees redirects); a
// Crawl-delay longer than the configured delay is honoured. Each host gets a colly
// limit rule (parallelism and delay, matched on host:port) and a catch-all
// rule covers any other. 429 and 503 answers pause the host for their
// Retry-After (seconds or an HTTP date); other transient failures are
// retried with exponential backoff and jitter, up to MaxAttempts.
//
// Requests go through the SSRF-guarded transport of package ssrf unless
// the caller supplies another.
package crawl
