"""What the companies app tells the others of writes that send no model signal."""

from django.dispatch import Signal

# Sent after companies' NAF codes were written in bulk (an import merging into known companies:
# `bulk_update` sends no post_save). The suggestions' history of similar projects listens.
naf_codes_written = Signal()
