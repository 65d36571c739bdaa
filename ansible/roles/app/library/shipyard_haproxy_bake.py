#!/usr/bin/python
# The bake's local signal: a server's own traffic, as HAProxy counts it, over the bake window.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: shipyard_haproxy_bake
short_description: Watch one HAProxy server's real traffic for a while and fail if it goes bad.
description:
  - Reads the server's counters from HAProxy's runtime API (C(show stat)) at the start and then
    every I(interval) seconds for I(seconds).
  - Fails as soon as, over the window so far and with at least I(min_requests) requests, the share
    of 5xx responses (hrsp_5xx delta over req_tot delta) exceeds I(max_5xx_ratio), or HAProxy's
    average response time (rtime, over the server's last 1024 responses) exceeds I(max_response_ms),
    or the server stops being UP. The message names the metric, its value and its threshold.
  - Changes nothing.
options:
  socket:
    description: Path of HAProxy's stats socket.
    type: path
    required: true
  backend:
    description: Backend (proxy) name.
    type: str
    required: true
  server:
    description: Server name.
    type: str
    required: true
  seconds:
    description: How long to watch.
    type: float
    required: true
  interval:
    description: Seconds between two reads of the counters.
    type: float
    default: 1
  max_5xx_ratio:
    description: Highest acceptable share of 5xx responses, 0 to 1.
    type: float
    default: 0.05
  min_requests:
    description: The ratio and the response time are judged only from this many requests on.
    type: int
    default: 20
  max_response_ms:
    description: Highest acceptable average response time, in milliseconds.
    type: int
    default: 2000
author: shipyard
'''

RETURN = r'''
requests:
  description: Requests the server received during the window.
  type: int
  returned: always
errors:
  description: 5xx responses it sent during the window.
  type: int
  returned: always
judged:
  description: Whether the window saw at least min_requests requests.
  type: bool
  returned: always
metric:
  description: The metric that tripped (5xx_ratio, rtime, status), on failure.
  type: str
  returned: failure
'''

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.shipyard_haproxy import server_stat


def verdict(params, base, now, elapsed):
    """None while the window looks fine, else (metric, value, threshold, message)."""
    server = params['server']
    requests = now['counters']['req_tot'] - base['counters']['req_tot']
    errors = now['counters']['hrsp_5xx'] - base['counters']['hrsp_5xx']
    if not now['status'].startswith('UP'):
        return ('status', now['status'], 'UP',
                'HAProxy status of %s was %s after %.1f s of bake, threshold: UP' % (server, now['status'], elapsed))
    if requests < params['min_requests']:
        return None
    ratio = float(errors) / requests
    if ratio > params['max_5xx_ratio']:
        return ('5xx_ratio', round(ratio, 4), params['max_5xx_ratio'],
                '5xx ratio of %s (HAProxy hrsp_5xx/req_tot) was %.3f (%d of %d requests in %.1f s), threshold %s'
                % (server, ratio, errors, requests, elapsed, params['max_5xx_ratio']))
    rtime = now['counters']['rtime']
    if rtime > params['max_response_ms']:
        return ('rtime', rtime, params['max_response_ms'],
                'average response time of %s (HAProxy rtime) was %d ms after %d requests in %.1f s, threshold %d ms'
                % (server, rtime, requests, elapsed, params['max_response_ms']))
    return None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            socket=dict(type='path', required=True),
            backend=dict(type='str', required=True),
            server=dict(type='str', required=True),
            seconds=dict(type='float', required=True),
            interval=dict(type='float', default=1.0),
            max_5xx_ratio=dict(type='float', default=0.05),
            min_requests=dict(type='int', default=20),
            max_response_ms=dict(type='int', default=2000),
        ),
        supports_check_mode=True,
    )
    p = module.params
    if module.check_mode:
        module.exit_json(changed=False, requests=0, errors=0, judged=False, msg='check mode: no bake')

    def read():
        try:
            return server_stat(p['socket'], p['backend'], p['server'])
        except (OSError, ValueError, LookupError) as error:
            module.fail_json(msg='cannot read HAProxy during the bake: %s' % error, requests=0, errors=0, judged=False)

    started = time.monotonic()
    base = read()
    now = base
    while True:
        elapsed = time.monotonic() - started
        if elapsed >= p['seconds']:
            break
        time.sleep(min(p['interval'], p['seconds'] - elapsed))
        now = read()
        elapsed = time.monotonic() - started
        tripped = verdict(p, base, now, elapsed)
        if tripped:
            metric, value, threshold, message = tripped
            module.fail_json(msg='bake tripped: ' + message, metric=metric, value=value, threshold=threshold,
                             requests=now['counters']['req_tot'] - base['counters']['req_tot'],
                             errors=now['counters']['hrsp_5xx'] - base['counters']['hrsp_5xx'], judged=True)
    requests = now['counters']['req_tot'] - base['counters']['req_tot']
    errors = now['counters']['hrsp_5xx'] - base['counters']['hrsp_5xx']
    judged = requests >= p['min_requests']
    summary = ('%d requests, %d 5xx, rtime %d ms over %.0f s' % (requests, errors, now['counters']['rtime'], p['seconds'])
               if judged else
               'only %d requests in %.0f s (fewer than %d): nothing to judge' % (requests, p['seconds'], p['min_requests']))
    module.exit_json(changed=False, requests=requests, errors=errors, judged=judged, msg='bake passed: ' + summary)


if __name__ == '__main__':
    main()
