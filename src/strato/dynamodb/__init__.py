"""boto3's DynamoDB layer: ``types`` (Python values <-> AttributeValues), ``conditions``
(``Key``/``Attr`` -> expressions with placeholders), ``transform`` (both applied to a
client's calls) and ``table`` (``batch_writer``). Nothing here loads with ``import strato``.
"""
