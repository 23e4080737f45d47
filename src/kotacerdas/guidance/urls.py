from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("guidance/cohorts/", views.cohort_list, name="cohort_list"),
    path("guidance/cohorts/<int:pk>/", views.pipeline, name="pipeline"),
    path("guidance/cohorts/<int:pk>/export/", views.pipeline_export, name="pipeline_export"),
    path("guidance/cohorts/<int:pk>/calendar/", views.cohort_calendar, name="cohort_calendar"),
    path("guidance/members/<int:pk>/experts/", views.member_assign, name="member_assign"),
    path("regions/<str:code>/guidance/", views.region_guidance, name="region_guidance"),
    path("regions/<str:code>/guidance/calendar.ics", views.region_calendar, name="region_calendar"),
    path("regions/<str:code>/guidance/comments/", views.comment_add, name="comment_add"),
    path("regions/<str:code>/guidance/sessions/new/", views.session_create, name="session_create"),
    path("guidance/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("guidance/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("guidance/sessions/<int:pk>/attendance/", views.attendance_tick, name="attendance_tick"),
    path(
        "guidance/sessions/<int:pk>/attendance/import/",
        views.attendance_import,
        name="attendance_import",
    ),
    path("guidance/sessions/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("guidance/sessions/<int:pk>/files/", views.session_file_add, name="session_file_add"),
    path(
        "guidance/session-files/<int:pk>/",
        views.session_file_download,
        name="session_file_download",
    ),
    path(
        "guidance/session-files/<int:pk>/remove/",
        views.session_file_remove,
        name="session_file_remove",
    ),
    path(
        "guidance/sessions/<int:pk>/comments/",
        views.session_comment_add,
        name="session_comment_add",
    ),
    path("guidance/comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("guidance/follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("guidance/experts/", views.expert_list, name="expert_list"),
    path("guidance/experts/<int:pk>/", views.expert_detail, name="expert_detail"),
    path("guidance/experts/<int:pk>/calendar.ics", views.expert_calendar, name="expert_calendar"),
]
