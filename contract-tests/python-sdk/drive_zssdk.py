# -*- coding: utf-8 -*-
"""
Drives ZStack's official Python SDK core (zssdk.py, Python 2.7) against a running simulator and prints one JSON
report of what the SDK got back. Run by python-sdk.test.ts, which asserts on the report:

    python drive_zssdk.py <path of zssdk.py> <scenario>

Scenarios: `session-and-access-key` (login, query, bind with the SDK's own job polling, AccessKey calls, an
expired session on an async call, a VM action) and `access-key-query` (one AccessKey query, to see how the Date
the SDK writes in its process's local time fares). Settings come from the environment: ZSTACK_SIM_PORT,
ZSTACK_MODEL_UUID, ZSTACK_MODEL_SERVICE_UUID, ZSTACK_VM_UUID, ZSTACK_EXPIRED_SESSION_UUID, ZSTACK_ACCESS_KEY_ID,
ZSTACK_ACCESS_KEY_SECRET, ZSTACK_ACCOUNT, ZSTACK_PASSWORD.
"""

import sys

sys.dont_write_bytecode = True

import hashlib
import imp
import json
import os

try:
    import urllib3  # noqa: F401  (zssdk imports it by this name)
except ImportError:
    # This Python's own pip carries urllib3; zssdk only needs PoolManager and Retry from it.
    from pip._vendor import urllib3
    sys.modules['urllib3'] = urllib3


def load_sdk(path):
    sdk = imp.load_source('zssdk', path)
    sdk.configure(hostname='127.0.0.1', port=int(os.environ['ZSTACK_SIM_PORT']), context_path='/zstack', polling_interval=0.2)
    import zstack_ai_actions
    return sdk, zstack_ai_actions


def outcome(result):
    """The SDK's result as plain data: the reply's value, or its error code and details."""
    if result.error is not None:
        return {'error': {'code': result.error.code, 'details': result.error.details}}
    return {'value': to_plain(result.value)}


def to_plain(value):
    if isinstance(value, list):
        return [to_plain(element) for element in value]
    if hasattr(value, '__dict__'):
        return dict((key, to_plain(element)) for key, element in vars(value).items())
    return value


def with_access_key(action):
    action.accessKeyId = os.environ['ZSTACK_ACCESS_KEY_ID']
    action.accessKeySecret = os.environ['ZSTACK_ACCESS_KEY_SECRET']
    return action


def session_and_access_key(actions):
    env = os.environ
    report = {}

    login = actions.LogInByAccountAction()
    login.accountName = env['ZSTACK_ACCOUNT']
    login.password = hashlib.sha512(env['ZSTACK_PASSWORD']).hexdigest()
    report['login'] = outcome(login.call())
    session_uuid = report['login']['value']['inventory']['uuid']

    query = actions.QueryModelAction()
    query.conditions = ['vendor=BAAI']
    query.replyWithCount = True
    query.sessionId = session_uuid
    report['query'] = outcome(query.call())

    bind = actions.BindModelToServiceAction()
    bind.modelUuid = env['ZSTACK_MODEL_UUID']
    bind.modelServiceUuid = env['ZSTACK_MODEL_SERVICE_UUID']
    bind.systemTags = ['zssdk::check']
    bind.sessionId = session_uuid
    report['bind'] = outcome(bind.call())

    query_with_key = with_access_key(actions.QueryModelServiceAction())
    query_with_key.conditions = ['uuid=%s' % env['ZSTACK_MODEL_SERVICE_UUID']]
    report['accessKeyQuery'] = outcome(query_with_key.call())

    unbind_with_key = with_access_key(actions.UnbindModelFromServiceAction())
    unbind_with_key.modelUuid = env['ZSTACK_MODEL_UUID']
    unbind_with_key.modelServiceUuid = env['ZSTACK_MODEL_SERVICE_UUID']
    report['accessKeyUnbind'] = outcome(unbind_with_key.call())

    expired_bind = actions.BindModelToServiceAction()
    expired_bind.modelUuid = env['ZSTACK_MODEL_UUID']
    expired_bind.modelServiceUuid = env['ZSTACK_MODEL_SERVICE_UUID']
    expired_bind.sessionId = env['ZSTACK_EXPIRED_SESSION_UUID']
    report['expiredSessionBind'] = outcome(expired_bind.call())

    stop = actions.StopVmInstanceAction()
    stop.uuid = env['ZSTACK_VM_UUID']
    stop.type = 'grace'
    stop.sessionId = session_uuid
    report['stopVm'] = outcome(stop.call())
    return report


def access_key_query(actions):
    query = with_access_key(actions.QueryModelAction())
    query.conditions = []
    return {'accessKeyQuery': outcome(query.call())}


SCENARIOS = {'session-and-access-key': session_and_access_key, 'access-key-query': access_key_query}


def main():
    sdk_path, scenario = sys.argv[1], sys.argv[2]
    report_to = sys.stdout
    # zssdk prints every request and reply; keep them out of the report.
    sys.stdout = sys.stderr
    _, actions = load_sdk(sdk_path)
    report = SCENARIOS[scenario](actions)
    report_to.write(json.dumps(report))


if __name__ == '__main__':
    main()
