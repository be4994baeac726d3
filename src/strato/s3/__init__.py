"""boto3's S3 layer: managed transfers (:mod:`strato.s3.transfer`) and the methods boto3
adds to S3 clients, buckets and objects (:mod:`strato.s3.inject`). Nothing here loads
with a client; the client's transfer methods import it when first called."""
