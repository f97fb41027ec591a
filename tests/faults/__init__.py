"""Faults: killed loads, network failures, a broken warehouse, and the doctor that explains them."""
