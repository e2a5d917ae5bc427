-- id: ssm-parameters-decrypted-burst
-- title: Many SSM parameters read with decryption
-- severity: medium
-- tactic: credential-access
-- mitre: T1555.006
-- description: One principal reading five or more different SSM Parameter Store parameters (or paths)
--   with decryption within ten minutes: GetParameter, GetParameters and GetParametersByPath with
--   withDecryption true, successful or permission-denied. Workloads decrypt the same few SecureString
--   parameters over and over; harvesting reads many different ones.
-- thresholds: >= 5 distinct parameter names or paths per principal in any 10-minute window.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ssm-retrieve-securestring-parameters/
--   https://attack.mitre.org/techniques/T1555/006/
-- false-positives: Configuration management and deploy tooling that loads a whole parameter tree.
WITH reads AS (
  SELECT event_key, event_time, event_name, request_parameters,
         coalesce(principal_role_arn, principal_arn, user_name) AS principal
  FROM events
  WHERE event_source = 'ssm.amazonaws.com'
    AND event_name IN ('GetParameter', 'GetParameters', 'GetParametersByPath')
    AND contains(request_parameters, 'withDecryption')
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
),
-- One row per parameter name (GetParameters asks for a list) so distinct names can be counted.
named AS (
  SELECT event_key, principal, event_time,
         unnest(CASE WHEN event_name = 'GetParameters' THEN json_extract_string(request_parameters, '$.names[*]')
                     ELSE [coalesce(request_parameters->>'$.name', request_parameters->>'$.path')] END) AS parameter
  FROM reads
  WHERE (request_parameters->>'$.withDecryption') = 'true'
),
windowed AS (
  SELECT *, count(DISTINCT parameter) OVER (PARTITION BY principal ORDER BY event_time
              RANGE BETWEEN INTERVAL 10 MINUTES PRECEDING AND CURRENT ROW) AS in_window
  FROM named
),
marked AS (
  SELECT event_key, max(in_window) OVER (PARTITION BY principal ORDER BY event_time
              RANGE BETWEEN CURRENT ROW AND INTERVAL 10 MINUTES FOLLOWING) AS burst_size
  FROM windowed
),
burst AS (SELECT event_key, max(burst_size) AS burst_size FROM marked GROUP BY event_key HAVING max(burst_size) >= 5)
SELECT e.event_key, e.event_id, e.event_time, e.event_name, e.identity_type, e.principal_arn, e.source_ip,
       e.error_code, coalesce((e.request_parameters->>'$.name'), (e.request_parameters->>'$.path'),
                              (e.request_parameters->>'$.names')) AS parameters,
       b.burst_size AS distinct_parameters
FROM burst AS b JOIN events AS e USING (event_key)
ORDER BY e.event_time, e.event_key
