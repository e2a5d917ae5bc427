-- id: first-seen-source-ip
-- title: IAM user or root calling from a new address
-- severity: low
-- tactic: initial-access
-- mitre: T1078.004
-- description: The first call an IAM user or the root user makes from a source address not seen for it
--   before, once it has a history: at least 30 earlier calls from other addresses and 10 minutes in the
--   case. One row per new (principal, address) pair: the first event from it, with how many calls
--   followed from the same address. Long-term credentials suddenly used from somewhere new is how a
--   leaked key shows up. Roles are left out: their addresses change with the infrastructure.
-- thresholds: >= 30 earlier calls by the principal, first seen >= 10 minutes before the new address.
-- references: https://attack.mitre.org/techniques/T1078/004/
--   https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html
-- false-positives: Travel, home working, VPN exit changes and CI runners with changing egress addresses.
WITH calls AS (
  SELECT event_key, event_time, source_ip, principal_arn AS principal
  FROM events
  WHERE identity_type IN ('IAMUser', 'Root') AND principal_arn IS NOT NULL AND invoked_by IS NULL
),
addresses AS (
  SELECT principal, source_ip, min(event_time) AS first_use, arg_min(event_key, event_time) AS first_event,
         count(*) AS calls_from_address
  FROM calls GROUP BY principal, source_ip
),
principals AS (SELECT principal, min(first_use) AS first_seen FROM addresses GROUP BY principal),
-- Addresses that appeared once the principal had been around for 10 minutes: usually a handful, so
-- counting the calls before each is cheap.
late AS (
  SELECT a.* FROM addresses AS a JOIN principals AS p USING (principal)
  WHERE a.first_use >= p.first_seen + INTERVAL 10 MINUTES
    AND regexp_matches(a.source_ip, '^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]+)$')
),
counted AS (
  SELECT l.principal, l.source_ip, any_value(l.first_event) AS first_event, any_value(l.calls_from_address) AS calls_from_address,
         count(*) AS earlier_calls
  FROM late AS l JOIN calls AS c ON c.principal = l.principal AND c.event_time < l.first_use
  GROUP BY l.principal, l.source_ip
  HAVING count(*) >= 30
)
SELECT e.event_key, e.event_id, e.event_time, e.event_source, e.event_name, e.identity_type, e.principal_arn,
       e.source_ip, e.user_agent, c.calls_from_address, c.earlier_calls
FROM counted AS c JOIN events AS e ON e.event_key = c.first_event
ORDER BY e.event_time, e.event_key
