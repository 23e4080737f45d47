from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("regions/<str:code>/evaluations/", views.region_evaluations, name="region_evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/self-assessment/", views.evaluation_fill, name="evaluation_fill"),
    path("evaluations/<int:pk>/submit/", views.evaluation_submit, name="evaluation_submit"),
    path("evaluations/<int:pk>/verification/", views.evaluation_verify, name="evaluation_verify"),
    path("evaluations/<int:pk>/report/", views.evaluation_report, name="evaluation_report"),
    path("evaluations/<int:pk>/verify/", views.evaluation_close, name="evaluation_close"),
    path("evaluations/<int:pk>/publish/", views.evaluation_publish, name="evaluation_publish"),
    path("evaluations/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("evaluation/follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("evaluation/rounds/", views.round_list, name="round_list"),
    path("evaluation/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("evaluation/rounds/<int:pk>/deadlines/", views.round_deadlines, name="round_deadlines"),
    path("evaluation/rounds/<int:pk>/close/", views.round_close, name="round_close"),
]
