"""Sign-in, sign-out and the current user's role in the app: the Streamlit side of :mod:`netralitas.accounts`,
:mod:`netralitas.roles` and :mod:`netralitas.audit`.

Three situations:

- **No sign-in configured** (no active account in the user file, no ``[auth]`` in ``.streamlit/secrets.toml``):
  the app runs open and everyone is ``tamu`` — names and NIP masked — with a note on how to create accounts.
- **Local accounts** (``python -m netralitas.accounts users add …``): a sign-in form is shown before any page.
- **Identity provider** (OIDC, ``st.login``): a button per configured provider; the roles file maps e-mail
  addresses to roles, anyone else is ``tamu``.

The signed-in user is kept in this browser session only (``st.session_state``); a reload or a new tab asks again
(an identity-provider sign-in is remembered by Streamlit's own cookie). A local account is re-checked on every
page run, so disabling it or changing its role takes effect at the next click.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from netralitas import accounts, audit, roles
from netralitas.literal import markdown_literal
from netralitas.queries import Viewer

AUTH_KEY = "_auth"  # {"user", "role", "method"} of whoever signed in in this browser session
NOTICE_KEY = "_auth_notice"  # a message for the sign-in page (e.g. "your session ended")
ANONYMOUS = "anonim"  # the user name of a session nobody signed in to


# ---- configuration -----------------------------------------------------------------------------------------------


def oidc_providers() -> list[str | None]:
    """Identity providers configured in ``[auth]`` of ``.streamlit/secrets.toml`` (None = the unnamed one)."""
    try:
        config = st.secrets.get("auth")
    except Exception:  # no secrets file at all, or an unreadable one
        return []
    if not isinstance(config, Mapping) or not config.get("redirect_uri") or not config.get("cookie_secret"):
        return []
    providers: list[str | None] = []
    if config.get("client_id") and config.get("server_metadata_url"):
        providers.append(None)
    for name, value in config.items():
        if isinstance(value, Mapping) and value.get("client_id") and value.get("server_metadata_url"):
            providers.append(str(name))
    return providers


def local_accounts() -> bool:
    """True when the user file holds an active account."""
    return accounts.local_accounts_configured()


def sign_in_required() -> bool:
    """True when any sign-in is configured (then nobody sees a page before signing in)."""
    return local_accounts() or bool(oidc_providers())


# ---- who is signed in --------------------------------------------------------------------------------------------


def _client_details() -> dict:
    """What is known about the browser for the audit trail (its IP address as the server sees it)."""
    try:
        ip = st.context.ip_address
    except Exception:
        ip = None
    return {"ip": ip} if isinstance(ip, str) and ip else {}


def _oidc_claims() -> dict:
    """``st.user`` as a plain dict (empty when no identity provider is configured or nobody signed in)."""
    try:
        return {key: st.user.get(key) for key in st.user}
    except Exception:
        return {}


def _end_session(ident: dict, reason: str) -> None:
    """Forget a signed-in user whose sign-in no longer holds (account disabled, provider session gone)."""
    audit.record_quietly("keluar", ident.get("user", "?"), ident.get("role", "-"),
                         dict(_client_details(), alasan=reason, metode=ident.get("method")))
    st.session_state.pop(AUTH_KEY, None)
    st.session_state[NOTICE_KEY] = {
        "akun_nonaktif": "Sesi Anda berakhir: akun dinonaktifkan atau dihapus.",
        "sesi_kedaluwarsa": "Sesi masuk Anda sudah kedaluwarsa; silakan masuk lagi.",
    }.get(reason, "Sesi Anda berakhir; silakan masuk lagi.")


def current_identity() -> dict | None:
    """The signed-in user of this session as ``{"user", "role", "method"}``, or None.

    A local account is checked against the user file on every call (role changes apply, a disabled account is
    signed out). An identity-provider sign-in is picked up from ``st.user`` and recorded once per session.
    """
    state = st.session_state
    ident = state.get(AUTH_KEY)
    if ident:
        method = ident.get("method")
        if method == "lokal":
            role = accounts.current_role(ident["user"])
            if role is None:
                _end_session(ident, "akun_nonaktif")
                return None
            if role != ident["role"]:
                ident = dict(ident, role=role)
                state[AUTH_KEY] = ident
        elif method == "oidc":
            oidc = accounts.oidc_identity(_oidc_claims())
            if oidc is None or oidc.user != ident["user"] or oidc.expired:
                _end_session(ident, "sesi_kedaluwarsa" if oidc is not None and oidc.expired else "sesi_berakhir")
                return None
            if oidc.role != ident["role"]:
                ident = dict(ident, role=oidc.role)
                state[AUTH_KEY] = ident
        return ident
    if oidc_providers():
        oidc = accounts.oidc_identity(_oidc_claims())
        if oidc is not None and not oidc.expired:
            ident = {"user": oidc.user, "role": oidc.role, "method": "oidc"}
            state[AUTH_KEY] = ident
            audit.record_quietly("masuk", oidc.user, oidc.role, dict(_client_details(), metode="oidc"))
            return ident
    return None


def current_role() -> str | None:
    """The role of this session: the signed-in user's; ``tamu`` when no sign-in is configured; None when sign-in
    is required and nobody has signed in yet."""
    ident = current_identity()
    if ident:
        return ident["role"]
    return None if sign_in_required() else roles.GUEST


def current_viewer() -> Viewer:
    """Who is using the app, for the query layer: the signed-in user and role; nobody signed in (or no sign-in
    configured): a guest, for whom the query layer masks names and NIP. A role that :mod:`netralitas.roles` does
    not know counts as a guest."""
    ident = current_identity()
    if not ident or ident.get("role") not in roles.ROLES:
        return Viewer(role=roles.GUEST, user=ANONYMOUS)
    return Viewer(role=ident["role"], user=ident["user"])


def page_allowed(url_path: str, role: str | None) -> bool:
    """May ``role`` open the page at ``url_path`` (:func:`netralitas.roles.may_open`)? None = not signed in yet:
    every page stays routable so a shared link still opens its page after sign-in."""
    return role is None or roles.may_open(role, url_path)


def require_action(action: str) -> None:
    """Stop the page unless the current role may take ``action`` (a second check behind the page list)."""
    stop_unless_signed_in()
    ident = current_identity()
    role = ident["role"] if ident else roles.GUEST
    if not roles.may(role, action):
        st.error("Halaman ini hanya untuk peran: "
                 + ", ".join(roles.ROLE_LABELS[r] for r in roles.roles_that_may(action)) + ".",
                 icon=":material/lock:")
        st.stop()


def stop_unless_signed_in() -> None:
    """Show the sign-in form and stop when sign-in is required and nobody has signed in.

    The app's start-up does this before any page, but a page can run without it on the first request after a
    server start (:func:`pages.shared.startup.ensure_started` says when). Every page calls this (through
    ``sidebar_filters`` or :func:`require_action`), so such a run still asks for sign-in.
    """
    if current_role() is None:
        sign_in_page()
        st.stop()


def record(action: str, details: dict | None = None) -> bool:
    """Record an action of the current user in the audit trail (export, upload…). False when it failed."""
    ident = current_identity()
    user, role = (ident["user"], ident["role"]) if ident else (ANONYMOUS, roles.GUEST)
    return audit.record_quietly(action, user, role, dict(_client_details(), **(details or {})))


# ---- sign-in page, account box, sign-out -------------------------------------------------------------------------


def _sign_in_local(name: str, password: str) -> None:
    result = accounts.authenticate(name, password, details=_client_details())
    if result.ok:
        st.session_state.pop(NOTICE_KEY, None)
        st.session_state[AUTH_KEY] = {"user": result.user, "role": result.role, "method": "lokal"}
        st.rerun()
    st.error(result.message, icon=":material/lock:" if result.locked_until else ":material/error:")


def sign_in_page() -> None:
    """The sign-in page shown instead of any page while nobody is signed in."""
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        st.title("Masuk", anchor=False)
        st.markdown("**Dasbor Netralitas ASN** · Bawaslu Kota Semarang")
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.info(notice, icon=":material/info:")
        providers = oidc_providers()
        for provider in providers:
            label = "Masuk dengan akun organisasi (SSO)" if provider is None else f"Masuk dengan {provider}"
            if st.button(label, key=f"sso_{provider or 'default'}", type="primary" if not local_accounts() else
                         "secondary", icon=":material/badge:", width="stretch"):
                try:
                    st.login(provider)
                except Exception as exc:  # Authlib missing, provider unreachable, bad configuration
                    st.error(f"Masuk lewat penyedia identitas gagal: {markdown_literal(exc)}", icon=":material/error:")
        if local_accounts():
            if providers:
                st.caption("atau dengan akun lokal:")
            with st.form("form_masuk", clear_on_submit=True, enter_to_submit=True):
                name = st.text_input("Nama pengguna", autocomplete="username", max_chars=64)
                password = st.text_input("Kata sandi", type="password", autocomplete="current-password",
                                         max_chars=accounts.MAX_PASSWORD_LENGTH)
                submitted = st.form_submit_button("Masuk", type="primary", icon=":material/login:", width="stretch")
            if submitted:
                _sign_in_local(name or "", password or "")
        st.caption(
            "Nama dan NIP terlapor adalah data pribadi (UU 27/2022 tentang Pelindungan Data Pribadi). Setiap masuk, "
            "unduhan dan unggahan dicatat dalam jejak audit. Lupa kata sandi atau akun terkunci? Hubungi admin "
            "aplikasi."
        )


def sign_out() -> None:
    """Record the sign-out, forget everything of this session, and (for an identity provider) end that session."""
    ident = st.session_state.get(AUTH_KEY) or {}
    audit.record_quietly("keluar", ident.get("user", ANONYMOUS), ident.get("role", "-"),
                         dict(_client_details(), metode=ident.get("method")))
    for key in list(st.session_state.keys()):  # everything of this session: filters, uploads, selections
        del st.session_state[key]
    st.session_state[NOTICE_KEY] = "Anda telah keluar."
    if ident.get("method") == "oidc":
        st.logout()
    st.rerun()


def sidebar_account() -> None:
    """Who is signed in (with a sign-out button), or, when the app runs open, that everyone is a guest and how to
    create accounts."""
    ident = current_identity()
    box = st.sidebar.container(border=True)
    if ident:
        role_label = roles.ROLE_LABELS.get(ident["role"], ident["role"])
        box.markdown(f":material/account_circle: **{markdown_literal(ident['user'])}** · {role_label}")
        if not roles.sees_personal_data(ident["role"]):
            box.caption("Sebagai tamu, nama dan NIP disamarkan.")
        if ident.get("method") in ("lokal", "oidc") and box.button(
            "Keluar", key="keluar", icon=":material/logout:", width="stretch"
        ):
            sign_out()
    else:
        box.markdown(":material/visibility: **Mode terbuka · Tamu**")
        box.caption("Nama dan NIP disamarkan untuk semua pengunjung. Akun dibuat di server dengan "
                    "`python -m netralitas.accounts users add NAMA --role staf`; lihat README, *Menjalankan di "
                    "jaringan kantor*.")
