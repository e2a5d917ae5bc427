-- id: cloudtrail-event-selectors-reduced
-- title: CloudTrail event selectors narrowed
-- severity: high
-- tactic: defense-evasion
-- mitre: T1562.008
-- description: PutEventSelectors calls that make a trail record less: a selector with
--   includeManagementEvents false, a readWriteType other than All, or management event sources excluded.
--   Every PutAdvancedEventSelectors call is listed too, because advanced selectors are too varied to judge
--   in SQL; read them. Successful and permission-denied calls are kept.
-- references: https://attack.mitre.org/techniques/T1562/008/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-event-selectors/
-- false-positives: Cost tuning that drops read events or a noisy source such as KMS on purpose.
WITH selectors AS (
  SELECT *, json_extract(request_parameters, '$.eventSelectors[*]') AS selector_list
  FROM events
  WHERE event_source = 'cloudtrail.amazonaws.com'
    AND event_name IN ('PutEventSelectors', 'PutAdvancedEventSelectors')
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
)
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       coalesce(request_parameters->>'$.trailName', (request_parameters->>'$.name')) AS trail
FROM selectors
WHERE event_name = 'PutAdvancedEventSelectors'
   OR len(list_filter(selector_list, lambda s: (s->>'$.includeManagementEvents') = 'false'
        OR coalesce(s->>'$.readWriteType', 'All') <> 'All'
        OR json_array_length(s, '$.excludeManagementEventSources') > 0)) > 0
ORDER BY event_time, event_key
