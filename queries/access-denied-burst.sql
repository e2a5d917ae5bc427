-- id: access-denied-burst
-- title: Burst of denied calls by one principal
-- severity: medium
-- tactic: discovery
-- mitre: T1580, T1078.004
-- description: A principal with ten or more calls refused for lack of permission (AccessDenied*,
--   *Unauthorized*) within ten minutes, making up at least 15 % of its calls in that window: someone
--   probing what a credential may do. The ratio keeps busy workloads with a steady trickle of denials out.
-- thresholds: >= 10 denied calls and denied >= 15 % of the principal's calls in any 10-minute window.
-- references: https://attack.mitre.org/techniques/T1580/
--   https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2
-- false-positives: A deploy that lost permissions mid-way; least-privilege policy testing.
WITH denials AS (
  SELECT event_key, event_time, coalesce(principal_role_arn, principal_arn, user_name) AS principal
  FROM events
  WHERE (error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
    AND invoked_by IS NULL AND coalesce(source_ip, '') NOT LIKE '%.amazonaws.com'
    AND coalesce(principal_role_arn, principal_arn, user_name) IS NOT NULL
),
dense AS (
  SELECT principal, event_time AS to_time,
         count(*) OVER (PARTITION BY principal ORDER BY event_time
           RANGE BETWEEN INTERVAL 10 MINUTES PRECEDING AND CURRENT ROW) AS denied_in_window
  FROM denials
),
anchors AS (SELECT * FROM dense WHERE denied_in_window >= 10),
-- All calls (denied or not) of the few principals with enough denials, to compute the ratio.
calls AS (
  SELECT event_time, coalesce(principal_role_arn, principal_arn, user_name) AS principal
  FROM events
  WHERE invoked_by IS NULL AND coalesce(source_ip, '') NOT LIKE '%.amazonaws.com'
    AND coalesce(principal_role_arn, principal_arn, user_name) IN (SELECT principal FROM anchors)
),
windows AS (
  SELECT a.principal, a.to_time, a.denied_in_window, count(*) AS calls_in_window
  FROM anchors AS a
  JOIN calls AS c ON c.principal = a.principal AND c.event_time BETWEEN a.to_time - INTERVAL 10 MINUTES AND a.to_time
  GROUP BY ALL
  HAVING a.denied_in_window >= 0.15 * count(*)
),
matched AS (
  SELECT x.event_key, max(w.denied_in_window) AS denied_in_window, max(w.calls_in_window) AS calls_in_window
  FROM denials AS x JOIN windows AS w
    ON x.principal = w.principal AND x.event_time BETWEEN w.to_time - INTERVAL 10 MINUTES AND w.to_time
  GROUP BY x.event_key
)
SELECT e.event_key, e.event_id, e.event_time, e.event_source, e.event_name, e.identity_type, e.principal_arn,
       e.source_ip, e.error_code, m.denied_in_window, m.calls_in_window
FROM events AS e JOIN matched AS m USING (event_key)
ORDER BY e.event_time, e.event_key
