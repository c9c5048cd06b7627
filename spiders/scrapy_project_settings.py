"""Settings for plain ``scrapy`` tools run from the repo root (``scrapy shell URL``)."""

from aggregator.config import CrawlSettings
from spiders.settings import scrapy_settings

globals().update(scrapy_settings(CrawlSettings()))
