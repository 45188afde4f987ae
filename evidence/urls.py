"""Under /<lang>/evidence/.

Citations out (issue 17, item 5):
    "evidence:item-export"  <int:pk>/cite.<str:fmt>  (ris, bib, json)
    "evidence:list-export"  cite.<str:fmt>            (the library's query string applies)
The item page's cite block and the library page show these links.
"""

from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.library, name="library"),
    path("map/", views.evidence_map, name="map"),
    path("suggest/", views.suggest, name="suggest"),
    path("<int:pk>/", views.item_detail, name="item-detail"),
    path("<int:pk>/download/", views.item_download, name="item-download"),
    path("<int:pk>/cite.<str:fmt>", views.item_export, name="item-export"),
    path("cite.<str:fmt>", views.list_export, name="list-export"),
]
