"""Under /<lang>/evidence/.

Reserved for the citations branch (issue 17, items 5 and 6), which plugs in here:
    "evidence:item-export"  <int:pk>/cite.<str:format>  (ris, bib, json)
    "evidence:list-export"  cite.<str:format>            (the library's query string applies)
The item page's cite block and the library page show these links once the names resolve.
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
]
