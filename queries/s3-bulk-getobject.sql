-- id: s3-bulk-getobject
-- title: Bulk object downloads by one principal
-- severity: high
-- tactic: exfiltration
-- mitre: T1530
-- description: One principal downloading 50 or more objects from one bucket within ten minutes
--   (successful GetObject data events). Needs S3 data events in the trail. distinct_objects and
--   bytes_out (from additionalEventData.bytesTransferredOut) size the burst.
-- thresholds: >= 50 GetObject calls per principal and bucket in any 10-minute window.
-- references: https://attack.mitre.org/techniques/T1530/
--   https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
-- false-positives: Batch jobs, ETL, backup and analytics roles read many objects by design; compare
--   with the principal's usual buckets.
WITH reads AS (
  SELECT event_key, event_time, principal_arn, (request_parameters->>'$.bucketName') AS bucket
  FROM events
  WHERE event_source = 's3.amazonaws.com' AND event_name = 'GetObject' AND error_code IS NULL
),
windowed AS (
  SELECT *, count(*) OVER (PARTITION BY principal_arn, bucket ORDER BY event_time
              RANGE BETWEEN INTERVAL 10 MINUTES PRECEDING AND CURRENT ROW) AS in_window
  FROM reads
),
-- An event is part of a burst when a qualifying 10-minute window holds it, i.e. ends within the next
-- 10 minutes. The windows run over narrow rows; the wide columns are fetched for the matches only.
marked AS (
  SELECT event_key, bucket, max(in_window) OVER (PARTITION BY principal_arn, bucket ORDER BY event_time
              RANGE BETWEEN CURRENT ROW AND INTERVAL 10 MINUTES FOLLOWING) AS burst_size
  FROM windowed
)
SELECT e.event_key, e.event_id, e.event_time, e.identity_type, e.principal_arn, e.source_ip, m.bucket,
       (e.request_parameters->>'$.key') AS object_key,
       TRY_CAST(e.additional_event_data->>'$.bytesTransferredOut' AS BIGINT) AS bytes_out,
       m.burst_size AS gets_in_window
FROM marked AS m JOIN events AS e USING (event_key)
WHERE m.burst_size >= 50
ORDER BY e.event_time, e.event_key
