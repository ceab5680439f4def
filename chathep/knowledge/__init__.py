"""ChatHEP's knowledge base: offline embeddings, a chromadb index and hybrid retrieval."""

from chathep.knowledge.embeddings import load_embedder, resolve_embedding_model
from chathep.knowledge.index import IndexReport, build_index, index_paths
from chathep.knowledge.retrieval import Hit, Retriever, format_context, search

__all__ = [
    "Hit",
    "IndexReport",
    "Retriever",
    "build_index",
    "format_context",
    "index_paths",
    "load_embedder",
    "resolve_embedding_model",
    "search",
]
