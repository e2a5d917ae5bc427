-- id: cis-s3-bucket-policy-changes
-- title: S3 bucket policy changes
-- severity: medium
-- tactic: defense-evasion
-- mitre: T1222
-- description: Successful changes to a bucket's ACL, policy, CORS, lifecycle or replication (CIS 4.8 /
--   3.8). See s3-bucket-opened-to-everyone for changes that make a bucket public.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8
-- false-positives: Bucket provisioning by infrastructure-as-code; lifecycle tuning.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.bucketName') AS bucket
FROM events
WHERE event_source = 's3.amazonaws.com'
  AND event_name IN ('PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle',
                     'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle',
                     'DeleteBucketReplication')
  AND error_code IS NULL
ORDER BY event_time, event_key
