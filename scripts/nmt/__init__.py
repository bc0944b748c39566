"""Helpers for scripts/train_mt_model.py: data, compact Transformer, CTranslate2 export."""
