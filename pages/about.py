import streamlit as st

st.title("About")
st.info("This page is being built.")
