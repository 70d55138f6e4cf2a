"""cleaner: turn scraped web pages into clean, separate articles, and say why every line was removed."""
from .model import Article, CleanerError, Line, Options, Result
from .pipeline import clean, clean_html, clean_text, removal_counts
from .records import clean_record

__version__ = "0.1.0"
__all__ = ["Article", "CleanerError", "Line", "Options", "Result", "clean", "clean_html", "clean_record", "clean_text",
           "removal_counts", "__version__"]
