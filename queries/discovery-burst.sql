-- id: discovery-burst
-- title: Burst of new discovery calls from one address
-- severity: medium
-- tactic: discovery
-- mitre: T1580, T1087.004, T1526
-- description: A principal that, from one source address, makes ten or more read-only calls (List*,
--   Describe*, Get*, or readOnly) it had never made before in the case, within ten minutes: the
--   enumeration a stolen credential goes through. "Never before" needs history, so the first 15
--   minutes after a principal's first read-only call in the case are its baseline and cannot fire. All
--   read-only calls of that principal and address inside the burst are returned; new_calls_in_window
--   counts the novel ones.
-- thresholds: >= 10 first-time read-only event names per principal and source address in any
--   10-minute window, at least 15 minutes after the principal's first read-only call in the case.
-- references: https://attack.mitre.org/techniques/T1580/
--   https://attack.mitre.org/techniques/T1526/
-- false-positives: A person exploring a service's console for the first time (the console issues many
--   Describe calls); a new tool or pipeline stage rolled out under an existing principal.
WITH calls AS (
  SELECT event_key, event_time, event_name, source_ip, coalesce(principal_role_arn, principal_arn) AS principal
  FROM events
  WHERE principal_arn IS NOT NULL AND invoked_by IS NULL AND management_event IS NOT false
    AND source_ip NOT LIKE '%.amazonaws.com' AND source_ip <> 'AWS Internal'
    AND (read_only OR starts_with(event_name, 'List') OR starts_with(event_name, 'Describe') OR starts_with(event_name, 'Get'))
),
-- The first time each principal made each call, and from where.
firsts AS (
  SELECT principal, event_name, min(event_time) AS first_call, arg_min(source_ip, event_time) AS source_ip
  FROM calls GROUP BY principal, event_name
),
history AS (SELECT principal, min(first_call) AS first_seen FROM firsts GROUP BY principal),
novel AS (
  SELECT f.* FROM firsts AS f JOIN history AS h USING (principal)
  WHERE f.first_call >= h.first_seen + INTERVAL 15 MINUTES
),
counted AS (
  SELECT *, count(*) OVER (PARTITION BY principal, source_ip ORDER BY first_call
              RANGE BETWEEN INTERVAL 10 MINUTES PRECEDING AND CURRENT ROW) AS new_calls_in_window
  FROM novel
),
bursts AS (
  SELECT principal, source_ip, first_call - INTERVAL 10 MINUTES AS from_time, first_call AS to_time, new_calls_in_window
  FROM counted WHERE new_calls_in_window >= 10
),
matched AS (
  SELECT c.event_key, max(b.new_calls_in_window) AS new_calls_in_window
  FROM calls AS c JOIN bursts AS b
    ON c.principal = b.principal AND c.source_ip = b.source_ip AND c.event_time BETWEEN b.from_time AND b.to_time
  GROUP BY c.event_key
)
SELECT e.event_key, e.event_id, e.event_time, e.event_source, e.event_name, e.identity_type, e.principal_arn,
       e.source_ip, e.error_code, m.new_calls_in_window
FROM events AS e JOIN matched AS m USING (event_key)
ORDER BY e.event_time, e.event_key
