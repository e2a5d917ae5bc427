-- id: s3-bucket-opened-to-everyone
-- title: S3 bucket opened to everyone
-- severity: critical
-- tactic: exfiltration
-- mitre: T1530, T1537
-- description: Successful calls that expose a bucket to the internet: a bucket policy with an Allow
--   statement for principal "*" and no Condition, an ACL granting AllUsers or AuthenticatedUsers (or a
--   public canned ACL), the bucket's Block Public Access settings deleted, or set with a protection
--   turned off. Removing Block Public Access is returned even when no public policy follows, because it
--   is the step that makes one possible.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
--   https://attack.mitre.org/techniques/T1530/
-- false-positives: Static website and public download buckets; the reason belongs in the bucket's tags.
WITH candidates AS (
  SELECT *,
         CASE json_type(request_parameters->'$.bucketPolicy')
           WHEN 'OBJECT' THEN (request_parameters->'$.bucketPolicy')
           WHEN 'VARCHAR' THEN try_cast(request_parameters->>'$.bucketPolicy' AS JSON)
         END AS policy
  FROM events
  WHERE event_source = 's3.amazonaws.com' AND error_code IS NULL
    AND event_name IN ('PutBucketPolicy', 'PutBucketAcl', 'DeletePublicAccessBlock', 'DeleteBucketPublicAccessBlock',
                       'PutPublicAccessBlock', 'PutBucketPublicAccessBlock')
),
statements AS (
  SELECT *,
         CASE json_type(policy->'$.Statement')
           WHEN 'ARRAY' THEN json_extract(policy, '$.Statement[*]')
           WHEN 'OBJECT' THEN [(policy->'$.Statement')]
           ELSE []::JSON[]
         END AS statement_list
  FROM candidates
),
judged AS (
  SELECT *,
         CASE
           WHEN event_name = 'PutBucketPolicy' THEN len(list_filter(statement_list, lambda s: (s->>'$.Effect') = 'Allow'
                AND (s->>'$.Condition') IS NULL
                AND ((s->>'$.Principal') = '*' OR (s->>'$.Principal.AWS') = '*'
                     OR list_contains(json_extract_string(s, '$.Principal.AWS[*]'), '*')))) > 0
           WHEN event_name = 'PutBucketAcl' THEN request_parameters LIKE '%acs.amazonaws.com/groups/global/AllUsers%'
                OR request_parameters LIKE '%acs.amazonaws.com/groups/global/AuthenticatedUsers%'
                OR regexp_matches(request_parameters, '"x-amz-acl"\s*:\s*\[?\s*"(public-read|public-read-write|authenticated-read)"')
           WHEN event_name IN ('DeletePublicAccessBlock', 'DeleteBucketPublicAccessBlock') THEN true
           ELSE regexp_matches(request_parameters, '"(BlockPublicAcls|IgnorePublicAcls|BlockPublicPolicy|RestrictPublicBuckets)"\s*:\s*false')
         END AS exposes
  FROM statements
)
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.bucketName') AS bucket
FROM judged
WHERE exposes
ORDER BY event_time, event_key
