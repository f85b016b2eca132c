"""What the pages share: the Streamlit side of the app, one module per concern.

- :mod:`~pages.shared.startup` — configuration, database check, sign-in gate, the page list per role, navigation;
- :mod:`~pages.shared.database` — the database the pages read and their cached queries;
- :mod:`~pages.shared.filters` — the filters kept in the URL, the sidebar, the links between pages;
- :mod:`~pages.shared.date_field` — the Indonesian date field of the sidebar;
- :mod:`~pages.shared.header` — a page's title, filter line, dataset banner and empty state;
- :mod:`~pages.shared.figures` — charts built once and drawn through one function;
- :mod:`~pages.shared.presentation` — the projector view;
- :mod:`~pages.shared.selection` — clickable charts and the persons behind a click;
- :mod:`~pages.shared.auth` — sign-in, sign-out, the current user and role, the audit rows of the pages;
- :mod:`~pages.shared.downloads` — exports, chart tables and their downloads;
- :mod:`~pages.shared.demo_removal`, :mod:`~pages.shared.word_map` — sections of Kualitas Data and Unggah Data.

The pages import these modules; these modules never import a page or ``app.py``, and import one another in one
direction only (no cycle). They hold no SQL and parse nothing: that is :mod:`netralitas` and :mod:`loaders`.

This folder sits inside ``pages/`` without being a page: Streamlit looks for pages only among the ``*.py`` files
directly in ``pages/`` (and the app lists its pages itself, :data:`pages.shared.startup.PAGES`).
"""
