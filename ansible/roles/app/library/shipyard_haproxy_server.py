#!/usr/bin/python
# Read-only view of one HAProxy server (status and counters), for `deploy status`.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: shipyard_haproxy_server
short_description: Read one HAProxy server's status and counters from the admin socket.
description:
  - Asks HAProxy's runtime API (C(show stat)) about one server of one backend. Changes nothing.
  - community.general.haproxy only changes a server's state; it has no read-only mode.
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
author: shipyard
'''

RETURN = r'''
status:
  description: HAProxy's status of the server (UP, DOWN, MAINT, DRAIN, "UP 1/2", no check...).
  type: str
  returned: success
counters:
  description: req_tot, hrsp_1xx..hrsp_5xx, hrsp_other, rtime (ms), econ, eresp, scur, stot.
  type: dict
  returned: success
'''

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.shipyard_haproxy import server_stat


def main():
    module = AnsibleModule(
        argument_spec=dict(
            socket=dict(type='path', required=True),
            backend=dict(type='str', required=True),
            server=dict(type='str', required=True),
        ),
        supports_check_mode=True,
    )
    try:
        stat = server_stat(module.params['socket'], module.params['backend'], module.params['server'])
    except (OSError, ValueError, LookupError) as error:
        module.fail_json(msg='cannot read HAProxy: %s' % error)
    module.exit_json(changed=False, **stat)


if __name__ == '__main__':
    main()
