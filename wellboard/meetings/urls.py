from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("bodies/", views.body_list, name="bodies"),
    path("bodies/<slug:code>/", views.body_detail, name="body"),
    path("bodies/<slug:code>/meetings.ics", views.body_calendar, name="calendar"),
    path("bodies/<slug:code>/meetings/new/", views.schedule_meeting, name="schedule_meeting"),
    path("bodies/<slug:code>/work-programme/", views.add_work_programme_entry, name="add_work_programme_entry"),
    path("bodies/<slug:code>/work-programme/<id:pk>/move/", views.reschedule_entry, name="reschedule_entry"),
    path("meetings/<slug:code>/", views.meeting_detail, name="meeting"),
    path("meetings/<slug:code>/agenda/", views.agenda_print, name="agenda"),
    path("meetings/<slug:code>/minutes/", views.minutes_print, name="minutes"),
    path("meetings/<slug:code>/build-agenda/", views.build_agenda, name="build_agenda"),
    path("meetings/<slug:code>/approve-minutes/", views.approve_minutes, name="approve_minutes"),
    path("meetings/<slug:code>/items/<id:item_pk>/draft-resolutions/", views.draft_resolutions,
         name="draft_resolutions"),
    path("meetings/<slug:code>/resolutions/<id:pk>/", views.edit_resolution, name="edit_resolution"),
    path("meetings/<slug:code>/items/<id:item_pk>/paragraphs/<id:pk>/", views.edit_paragraph,
         name="edit_paragraph"),
    path("meetings/<slug:code>/actions/", views.create_action, name="create_action"),
    path("meetings/<slug:code>/actions/<id:pk>/complete/", views.complete_action, name="complete_action"),
    path("papers/<slug:code>/", views.paper_detail, name="paper"),
]
