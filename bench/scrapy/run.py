"""Runs the Scrapy side of the crawl benchmark and prints its figures.

    /usr/bin/python3 bench/scrapy/run.py --base http://127.0.0.1:PORT \
        --keywords magnesia,jellyfish,bitumen,towel --cap 500 \
        --concurrency 8 --out items.jsonl

Use Debian's python3 (python3-scrapy); a pyenv python3 on PATH does not
see it. The last line printed is

    scrapy: pages=N items=M wall_s=W cpu_s=C pages_per_s=P cpu_ms_per_page=Q

Wall and CPU time (user+sys of this process, from getrusage) cover the
crawl only, from process.start() to its end: importing Scrapy and building
the crawler are left out, as BenchmarkCrawlPractice leaves out opening its
stores. Scrapy runs in one process on one thread (Twisted's reactor, with
DNS in a thread pool), so RUSAGE_SELF is all of it.
"""

import argparse
import os
import resource
import sys
import time

from scrapy.crawler import CrawlerProcess

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from practice_spider import PracticeSpider  # noqa: E402


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base", required=True, help="practice marketplace URL, e.g. http://127.0.0.1:8090")
    p.add_argument("--keywords", default="magnesia,jellyfish,bitumen,towel")
    p.add_argument("--cap", type=int, default=500, help="URLs admitted, start URLs included")
    p.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    p.add_argument("--out", required=True, help="JSON lines file of the items")
    a = p.parse_args()

    if os.path.exists(a.out):
        os.remove(a.out)
    process = CrawlerProcess(settings={
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "ExportScopeBot/0.1 (+https://github.com/exportscope/exportscope)",
        "ROBOTSTXT_OBEY": True,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "CONCURRENT_REQUESTS": a.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": a.concurrency,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_TIMEOUT": 30,
        "RETRY_TIMES": 2,  # 3 attempts, as crawl.DefaultMaxAttempts
        "TELNETCONSOLE_ENABLED": False,
        # FIFO within a priority: the Go frontier's (depth, admission) order.
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "FEEDS": {a.out: {"format": "jsonlines", "encoding": "utf8"}},
    })
    process.crawl(PracticeSpider, base=a.base, keywords=a.keywords, cap=a.cap)
    spider_crawler = next(iter(process.crawlers))

    cpu0, t0 = cpu_seconds(), time.perf_counter()
    process.start()
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0

    spider = spider_crawler.spider
    stats = spider_crawler.stats.get_stats()
    errors = stats.get("log_count/ERROR", 0)
    items = stats.get("item_scraped_count", 0)
    pages = spider.pages
    if errors or pages == 0:
        print(f"scrapy: {errors} errors, {pages} pages; stats {stats}", file=sys.stderr)
        sys.exit(1)
    print(f"scrapy: list items={spider.list_items} products={spider.products} "
          f"robots.txt requests={stats.get('robotstxt/request_count', 0)} "
          f"responses={stats.get('downloader/response_count', 0)}")
    print(f"scrapy: pages={pages} items={items} wall_s={wall:.3f} cpu_s={cpu:.3f} "
          f"pages_per_s={pages / wall:.1f} cpu_ms_per_page={1000 * cpu / pages:.3f}")


if __name__ == "__main__":
    main()
