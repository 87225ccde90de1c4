"""The HTTP side of the app: what the server answers before and beside Streamlit's own routes.

Starlette only, no Streamlit: app.py hands `routes`, `middleware` and `lifespan` to
``st.App``, which ``streamlit run app.py`` finds and serves, so every way of hosting
(a laptop, Docker, Community Cloud, behind nginx) gets them.
"""
