"""Training URLs: officers' pages at the top, trainers' pages under manage/."""

from django.urls import path

from . import reports, views

app_name = "training"

urlpatterns = [
    path("", views.my_training, name="home"),
    path("modules/<int:pk>/", views.module_detail, name="module_detail"),
    path("sections/<int:pk>/complete/", views.section_complete, name="section_complete"),
    path("quizzes/<int:pk>/", views.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/start/", views.quiz_start, name="quiz_start"),
    path("attempts/<int:pk>/", views.attempt_take, name="attempt_take"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="attempt_result"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("team/", views.team_compliance, name="team_compliance"),
    # trainers
    path("manage/", views.manage_home, name="manage"),
    path("manage/settings/", views.training_settings, name="settings"),
    path("manage/modules/new/", views.module_create, name="module_create"),
    path("manage/modules/<int:pk>/", views.module_manage, name="module_manage"),
    path("manage/modules/<int:pk>/edit/", views.module_edit, name="module_edit"),
    path("manage/modules/<int:pk>/status/", views.module_status, name="module_status"),
    path("manage/modules/<int:pk>/sections/new/", views.section_create, name="section_create"),
    path("manage/sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("manage/sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("manage/modules/<int:pk>/questions/", views.question_bank, name="question_bank"),
    path("manage/modules/<int:pk>/questions/check/", views.questions_recheck, name="questions_recheck"),
    path("manage/modules/<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("manage/modules/<int:pk>/questions/new-scenario/", views.scenario_create, name="scenario_create"),
    path("manage/questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("manage/questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("manage/questions/<int:pk>/active/", views.question_active, name="question_active"),
    path("manage/questions/<int:pk>/accept/", views.question_accept, name="question_accept"),
    path("manage/modules/<int:pk>/quizzes/new/", views.quiz_create, name="quiz_create"),
    path("manage/quizzes/<int:pk>/edit/", views.quiz_edit, name="quiz_edit"),
    path("manage/assignments/", views.assignment_list, name="assignment_list"),
    path("manage/assignments/new/", views.assignment_create, name="assignment_create"),
    path("manage/reports/", reports.report_officers, name="report_officers"),
    path("manage/reports/assignments/", reports.report_assignments, name="report_assignments"),
    path("manage/reports/overdue/", reports.report_overdue, name="report_overdue"),
    path("manage/reports/questions/", reports.report_questions, name="report_questions"),
    path("manage/reports/<slug:kind>.csv", reports.report_csv, name="report_csv"),
]
