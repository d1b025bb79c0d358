# -*- coding: utf-8 -*-
"""
Action classes for ZStack APIs that the open-source zssdk.py core does not ship, written the way ZStack's SDK
generator emits them: one class per API with HTTP_METHOD, PATH, NEED_SESSION, NEED_POLL, PARAM_NAME and PARAMS,
and an attribute per parameter. Paths and parameters follow zstack-rest-facts.md and zstackio/zstack-sdk-go-v2.
Import it after zssdk has been loaded (drive_zssdk.py loads it).
"""

from zssdk import AbstractAction, QueryAction, ParamAnnotation


class LogInByAccountAction(AbstractAction):
    HTTP_METHOD = 'PUT'
    PATH = '/accounts/login'
    NEED_SESSION = False
    NEED_POLL = False
    PARAM_NAME = 'logInByAccount'

    PARAMS = {
        'accountName': ParamAnnotation(required=True,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'password': ParamAnnotation(required=True,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'systemTags': ParamAnnotation(),
        'userTags': ParamAnnotation(),
        'sessionId': ParamAnnotation(required=False),
        'accessKeyId': ParamAnnotation(required=False),
        'accessKeySecret': ParamAnnotation(required=False),
        'requestIp': ParamAnnotation(required=False)
    }

    def __init__(self):
        super(LogInByAccountAction, self).__init__()
        self.accountName = None
        self.password = None
        self.systemTags = None
        self.userTags = None
        self.sessionId = None
        self.accessKeyId = None
        self.accessKeySecret = None
        self.requestIp = None


class QueryModelAction(QueryAction):
    HTTP_METHOD = 'GET'
    PATH = '/ai/models'
    NEED_SESSION = True
    NEED_POLL = False
    PARAM_NAME = ''

    PARAMS = {
        'conditions': ParamAnnotation(required=True),
        'limit': ParamAnnotation(),
        'start': ParamAnnotation(),
        'count': ParamAnnotation(),
        'groupBy': ParamAnnotation(),
        'filterName': ParamAnnotation(),
        'replyWithCount': ParamAnnotation(),
        'sortBy': ParamAnnotation(),
        'sortDirection': ParamAnnotation(valid_values=['asc','desc']),
        'fields': ParamAnnotation(),
        'systemTags': ParamAnnotation(),
        'userTags': ParamAnnotation(),
        'sessionId': ParamAnnotation(required=False),
        'accessKeyId': ParamAnnotation(required=False),
        'accessKeySecret': ParamAnnotation(required=False),
        'requestIp': ParamAnnotation(required=False)
    }

    def __init__(self):
        super(QueryModelAction, self).__init__()
        self.systemTags = None
        self.userTags = None
        self.sessionId = None
        self.accessKeyId = None
        self.accessKeySecret = None
        self.requestIp = None


class QueryModelServiceAction(QueryAction):
    HTTP_METHOD = 'GET'
    PATH = '/ai/model-services'
    NEED_SESSION = True
    NEED_POLL = False
    PARAM_NAME = ''

    PARAMS = {
        'conditions': ParamAnnotation(required=True),
        'limit': ParamAnnotation(),
        'start': ParamAnnotation(),
        'count': ParamAnnotation(),
        'groupBy': ParamAnnotation(),
        'filterName': ParamAnnotation(),
        'replyWithCount': ParamAnnotation(),
        'sortBy': ParamAnnotation(),
        'sortDirection': ParamAnnotation(valid_values=['asc','desc']),
        'fields': ParamAnnotation(),
        'systemTags': ParamAnnotation(),
        'userTags': ParamAnnotation(),
        'sessionId': ParamAnnotation(required=False),
        'accessKeyId': ParamAnnotation(required=False),
        'accessKeySecret': ParamAnnotation(required=False),
        'requestIp': ParamAnnotation(required=False)
    }

    def __init__(self):
        super(QueryModelServiceAction, self).__init__()
        self.systemTags = None
        self.userTags = None
        self.sessionId = None
        self.accessKeyId = None
        self.accessKeySecret = None
        self.requestIp = None


class BindModelToServiceAction(AbstractAction):
    HTTP_METHOD = 'POST'
    PATH = '/ai/models/{modelUuid}/model-services/{modelServiceUuid}'
    NEED_SESSION = True
    NEED_POLL = True
    PARAM_NAME = 'params'

    PARAMS = {
        'modelUuid': ParamAnnotation(required=True,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'modelServiceUuid': ParamAnnotation(required=True,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'systemTags': ParamAnnotation(),
        'userTags': ParamAnnotation(),
        'sessionId': ParamAnnotation(required=False),
        'accessKeyId': ParamAnnotation(required=False),
        'accessKeySecret': ParamAnnotation(required=False),
        'requestIp': ParamAnnotation(required=False)
    }

    def __init__(self):
        super(BindModelToServiceAction, self).__init__()
        self.modelUuid = None
        self.modelServiceUuid = None
        self.systemTags = None
        self.userTags = None
        self.sessionId = None
        self.accessKeyId = None
        self.accessKeySecret = None
        self.requestIp = None


class UnbindModelFromServiceAction(AbstractAction):
    HTTP_METHOD = 'DELETE'
    PATH = '/ai/models/{modelUuid}/model-services/{modelServiceUuid}'
    NEED_SESSION = True
    NEED_POLL = True
    PARAM_NAME = ''

    PARAMS = {
        'modelUuid': ParamAnnotation(required=True,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'modelServiceUuid': ParamAnnotation(required=True,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'systemTags': ParamAnnotation(),
        'userTags': ParamAnnotation(),
        'sessionId': ParamAnnotation(required=False),
        'accessKeyId': ParamAnnotation(required=False),
        'accessKeySecret': ParamAnnotation(required=False),
        'requestIp': ParamAnnotation(required=False)
    }

    def __init__(self):
        super(UnbindModelFromServiceAction, self).__init__()
        self.modelUuid = None
        self.modelServiceUuid = None
        self.systemTags = None
        self.userTags = None
        self.sessionId = None
        self.accessKeyId = None
        self.accessKeySecret = None
        self.requestIp = None


class StopVmInstanceAction(AbstractAction):
    HTTP_METHOD = 'PUT'
    PATH = '/vm-instances/{uuid}/actions'
    NEED_SESSION = True
    NEED_POLL = True
    PARAM_NAME = 'stopVmInstance'

    PARAMS = {
        'uuid': ParamAnnotation(required=True,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'type': ParamAnnotation(required=False,valid_values=['grace','cold'],non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'stopHA': ParamAnnotation(required=False,non_empty=False,null_elements=False,empty_string=True,no_trim=False),
        'systemTags': ParamAnnotation(),
        'userTags': ParamAnnotation(),
        'sessionId': ParamAnnotation(required=False),
        'accessKeyId': ParamAnnotation(required=False),
        'accessKeySecret': ParamAnnotation(required=False),
        'requestIp': ParamAnnotation(required=False)
    }

    def __init__(self):
        super(StopVmInstanceAction, self).__init__()
        self.uuid = None
        self.type = None
        self.stopHA = None
        self.systemTags = None
        self.userTags = None
        self.sessionId = None
        self.accessKeyId = None
        self.accessKeySecret = None
        self.requestIp = None
