#!/usr/bin/python
# The seam with the roll-out timeline (docs/contracts.md §6): one JSON line per host phase change.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: shipyard_deploy_event
short_description: Append one host phase change of a roll-out to a JSON-lines file.
description:
  - Appends C({"t": <epoch ms>, "host": ..., "phase": ..., "image": ...}) and a newline to I(path),
    in one write to a file opened for appending, so hosts writing side by side never interleave.
  - Writes nothing in check mode.
options:
  path:
    description: The events file.
    type: path
    required: true
  host:
    description: The inventory host name.
    type: str
    required: true
  phase:
    description: The phase the host enters.
    type: str
    required: true
    choices: [out, starting, baking, in, failed, rollback]
  image:
    description: The image the phase is about.
    type: str
    default: ''
author: shipyard
'''

RETURN = r'''
event:
  description: The event written.
  type: dict
  returned: always
'''

import json
import os
import time

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', required=True),
            host=dict(type='str', required=True),
            phase=dict(type='str', required=True, choices=['out', 'starting', 'baking', 'in', 'failed', 'rollback']),
            image=dict(type='str', default=''),
        ),
        supports_check_mode=True,
    )
    p = module.params
    event = dict(t=int(time.time() * 1000), host=p['host'], phase=p['phase'], image=p['image'])
    if not module.check_mode:
        line = (json.dumps(event) + '\n').encode('utf-8')
        fd = os.open(p['path'], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    # A log line, not a change to the host: the recap's "changed" keeps meaning the hosts.
    module.exit_json(changed=False, event=event)


if __name__ == '__main__':
    main()
