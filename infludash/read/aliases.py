"""The one alias table: what exports call a column, by canonical column, in normalised form.

Spellings are in the languages of the big creator markets (English, German, Spanish, Portuguese,
French, Italian, Russian, Turkish, Indonesian, Hindi, Japanese, Chinese, Korean), already folded
the way :func:`infludash.read.columns.normalise_header` folds a header. Earlier spellings win when a
file has several candidates for one column (``username`` beats ``name``). Totals
(``total_likes``, ``video_views``) are deliberately absent: a lifetime total divided by followers
is not an engagement rate.
"""

from __future__ import annotations

__all__ = ["ALIASES", "HANDLE_TOKENS", "PER_POST_WORDS", "PLATFORM_TOKENS", "TOTAL_TOKENS"]


def _words(*groups: str) -> tuple[str, ...]:
    """Spellings separated by ``|`` (a spelling may hold spaces), in the order given."""
    return tuple(s.strip() for group in groups for s in group.split("|") if s.strip())


ALIASES: dict[str, tuple[str, ...]] = {
    "handle": _words(
        "handle|username|user name|account handle|account|account name|channel info",
        "channel name|channel|channel title|creator|influencer|tiktoker|tiktoker name|youtuber",
        "instagrammer|profile|instagram handle|nickname|name|title|kanal|nutzername|benutzername",
        "usuario|nombre de usuario|nombre|cuenta|canal|nome de usuário|nome de usuario|usuário",
        "perfil|conta|utilisateur|nom d utilisateur|compte|chaîne|nome utente|account utente",
        "имя пользователя|аккаунт|никнейм|ник|канал|блогер|kullanıcı adı|hesap|kanal adı",
        "nama pengguna|akun|ユーザー名|アカウント|チャンネル|用户名|账号|账户|频道|博主|达人",
        "사용자 이름|계정|채널|인플루언서",
    ),
    "platform": _words(
        "platform|network|social network|plattform|netzwerk|site|plataforma|red social",
        "plateforme|réseau|piattaforma|платформа|соцсеть|соц сеть|platforma|ağ",
        "平台|プラットフォーム|플랫폼",
    ),
    "followers": _words(
        "followers|follower|followers count|follower count|number of followers|subscribers",
        "subscriber|subscribers count|subscriber count|number of subscribers|subs|sub|fans",
        "fan count|audience size|audience|abonnenten|abonnenten anzahl|anzahl abonnenten",
        "follower anzahl|anzahl follower|seguidores|número de seguidores|suscriptores|inscritos",
        "assinantes|abonnés|abonnes|nombre d abonnés|iscritti|подписчики|подписчиков",
        "число подписчиков|количество подписчиков|takipçi|takipçi sayısı|takipci|abone",
        "abone sayısı|pengikut|jumlah pengikut|pelanggan|फॉलोअर्स|सब्सक्राइबर",
        "フォロワー|フォロワー数|登録者数|チャンネル登録者数|粉丝|粉丝数|粉絲|订阅者|订阅数",
        "팔로워|팔로워 수|구독자|구독자 수",
    ),
    "avg_likes": _words(
        "likes|like|likes per post|gefällt mir|gefaellt mir|me gusta|curtidas|j aime|mi piace",
        "лайки|лайков|нравится|beğeni|begeni|suka|いいね|いいね数|点赞|点赞数|赞|좋아요",
    ),
    "avg_comments": _words(
        "comments|comment|comments per post|kommentare|comentarios|comentários|commentaires",
        "commenti|комментарии|комментариев|yorum|yorumlar|komentar|コメント|コメント数|评论",
        "评论数|댓글|댓글 수",
    ),
    "avg_shares": _words(
        "shares|share|shares per post|teilen|geteilt|compartidos|compartilhamentos|partages",
        "condivisioni|репосты|paylaşım|bagikan|シェア|分享|转发|공유",
    ),
    "avg_saves": _words(
        "saves|save|saved|saves per post|gespeichert|guardados|salvamentos|enregistrements",
        "salvataggi|сохранения|kaydetme|simpan|保存|收藏|저장",
    ),
    "avg_views": _words(
        "views|view|views per post|video views per post|plays|aufrufe|visualizaciones|vistas",
        "reproducciones|visualizações|visualizacoes|vues|visualizzazioni|просмотры|просмотров",
        "görüntülenme|izlenme|tayangan|ditonton|再生回数|再生数|播放量|播放|观看|조회수",
    ),
    "avg_engagements": _words(
        "engagements per post|engagement per post|engagements|engagement|interactions",
        "interactions per post|interaktionen|interacciones|interações|interactions par post",
        "interazioni|вовлечения|interaksi|エンゲージメント|互动|互动量|참여",
    ),
    "engagement_rate": _words(
        "engagement rate|er|eng rate|engagement rate pct|interaktionsrate|engagementrate",
        "tasa de interacción|tasa de engagement|taxa de engajamento|taux d engagement",
        "tasso di coinvolgimento|вовлеченность|вовлечённость|etkileşim oranı|etkileşim",
        "tingkat interaksi",
        "エンゲージメント率|互动率|참여율",
    ),
    "category": _words(
        "category|niche|topic|genre|kategorie|nische|categoría|categoria|nicho|catégorie",
        "категория|тематика|kategori|sektör|カテゴリ|カテゴリー|类别|分类|类目|카테고리",
    ),
    "country": _words(
        "country|country code|location|land|herkunftsland|país|pais|pays|paese|страна|ülke",
        "negara|国|国家|地区|국가",
    ),
    "profile_url": _words(
        "profile url|url|link|profile link|profil url|enlace|enlace del perfil|lien",
        "ссылка|bağlantı|tautan|リンク|链接|링크",
    ),
}

#: Words that make a header a handle when a name word stands beside them (``tiktok username``,
#: ``creator name``, ``channel_title``).
HANDLE_TOKENS: frozenset[str] = frozenset(
    ["name", "names", "user", "username", "handle", "nick", "nickname", "title", "id", "account"]
) - {"id"}
#: Platform and creator words: with a name word, the header is a handle; beside a count word
#: (``instagram followers``) they say nothing more.
PLATFORM_TOKENS: frozenset[str] = frozenset(
    [
        "tiktok",
        "instagram",
        "insta",
        "ig",
        "youtube",
        "yt",
        "twitter",
        "x",
        "facebook",
        "fb",
        "twitch",
        "snapchat",
        "pinterest",
        "linkedin",
        "threads",
        "channel",
        "creator",
        "influencer",
        "youtuber",
        "tiktoker",
        "instagrammer",
        "account",
        "profile",
        "social",
        "media",
    ]
)
#: Words that make a count a total or a change, not a current count or a per-post figure.
TOTAL_TOKENS: frozenset[str] = frozenset(
    [
        "total",
        "totals",
        "lifetime",
        "all",
        "time",
        "sum",
        "gained",
        "gain",
        "growth",
        "change",
        "new",
        "lost",
        "diff",
        "delta",
        "increase",
        "decrease",
        "rate",
        "ratio",
        "last",
        "monthly",
        "weekly",
        "daily",
        "30",
        "7",
        "90",
        "days",
        "month",
        "week",
        "year",
        "pct",
        "percent",
        "%",
        "gesamt",
        "insgesamt",
        "summe",
        "zuwachs",
    ]
)
#: Words that say a figure is per post (an average): such a header beats a bare sibling.
PER_POST_WORDS: frozenset[str] = frozenset(
    [
        "avg",
        "average",
        "mean",
        "ø",
        "per",
        "post",
        "video",
        "reel",
        "typical",
        "median",
        "durchschnittliche",
        "durchschn",
        "durchschnitt",
        "promedio",
        "média",
        "moyenne",
        "media",
        "среднее",
        "среднее",
        "ortalama",
        "rata",
        "rata",
    ]
)
