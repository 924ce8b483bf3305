"""The staff side of casework in the Wagtail admin.

``queue``      the review queue (案件审核): listing, filters, search, export
``inspect``    a case's review page
``actions``    the review actions' forms and view (services in :mod:`portal.casework.review`)
``files``      downloading a case's files, permission-checked
``answers``    answers and decision snapshots as staff read them
``dashboard``  the dashboard panels 我的待办 and 逾期案件

Nothing is imported here, so that :mod:`.answers` can be used without loading the admin.
"""
