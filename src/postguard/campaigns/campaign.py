"""Waves, campaigns, and the judgement of which accounts (and which leader) belong to one.

A wave is the comments under one thread while it is busy. A coordinated wave joins the
campaign it shares accounts or paraphrases with, or starts one. A campaign is reported once
the evidence crosses the thresholds: two waves tied together, or one overwhelming wave.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone

from .evidence import AccountEvidence, CampaignEvidence, CommentEvidence, Reason, WaveEvidence
from .model import Comment
from .settings import DetectorSettings

DAY = 86400.0


class Item:
    """One comment inside the detector, with what was computed about it."""

    __slots__ = ("comment", "at", "_negativity", "_sentiment", "links", "tags", "minhash", "similar", "lsh_id", "wave")

    def __init__(self, comment: Comment, at: float, sentiment: Callable[[str, str | None], float]):
        self.comment = comment
        self.at = at
        self._negativity: float | None = None
        self._sentiment = sentiment
        self.links: frozenset[str] = frozenset()
        self.tags: frozenset[str] = frozenset()
        self.minhash = None
        self.similar: list[Item] = []
        self.lsh_id: int | None = None
        self.wave: Wave | None = None

    @property
    def negativity(self) -> float:
        """The tone, computed on first use: only comments that matter ever pay for it."""
        if self._negativity is None:
            self._negativity = self._sentiment(self.comment.text, self.comment.language)
        return self._negativity


class Wave:
    __slots__ = ("id", "thread", "start", "last_at", "post", "burst_ratio", "items", "authors",
                 "linked", "known", "ties", "campaign", "_evaluated")

    def __init__(self, wave_id: int, thread: str, start: float, post: Item | None, burst_ratio: float):
        self.id = wave_id
        self.thread = thread
        self.start = start
        self.last_at = start
        self.post = post
        self.burst_ratio = burst_ratio
        self.items: list[Item] = []
        self.authors: dict[str, list[Item]] = {}
        #: Accounts with a paraphrase by another account under the same thread.
        self.linked: set[str] = set()
        #: Accounts already members of a remembered campaign.
        self.known: set[str] = set()
        #: campaign id -> accounts of this wave tied to it (members, or paraphrases of its comments)
        self.ties: dict[str, set[str]] = {}
        self.campaign: Campaign | None = None
        self._evaluated: tuple[int, int, int] = (0, 0, 0)

    def add(self, item: Item) -> None:
        item.wave = self
        self.items.append(item)
        self.authors.setdefault(item.comment.author, []).append(item)
        self.last_at = max(self.last_at, item.at)

    def negative_share(self, authors: set[str], threshold: float) -> float:
        items = [i for a in authors for i in self.authors.get(a, ())]
        return sum(i.negativity >= threshold for i in items) / len(items) if items else 0.0


class Campaign:
    __slots__ = ("id", "waves", "members", "reported", "dirty")

    def __init__(self, first: Wave):
        digest = hashlib.sha256(first.items[0].comment.key.encode("utf-8")).hexdigest()[:10]
        self.id = f"cmp-{digest}"
        self.waves: list[Wave] = []
        self.members: set[str] = set()
        self.reported: tuple[int, int] | None = None
        self.dirty = False

    @property
    def last_at(self) -> float:
        return max(w.last_at for w in self.waves)


class CampaignBook:
    """All remembered campaigns, the index of their accounts, and the scoring."""

    def __init__(self, settings: DetectorSettings, threads_commented: Callable[[str], int]):
        self.settings = settings
        self.threads_commented = threads_commented
        self.campaigns: dict[str, Campaign] = {}
        self._member_of: dict[str, Campaign] = {}

    # -- growing ---------------------------------------------------------------------------
    def update(self, wave: Wave, added: list[Item]) -> list[CampaignEvidence]:
        """Judge ``wave`` after ``added`` joined it; evidence of a campaign that changed and qualifies."""
        for item in added:
            self._tie(wave, item)
        campaign = wave.campaign
        if campaign is None:
            linked = wave.linked | wave.known | max(wave.ties.values(), key=len, default=set())
            # Judge again only when the evidence changed (it does so a few times per wave).
            shape = (len(wave.linked), len(wave.known), max((len(w) for w in wave.ties.values()), default=0))
            if shape == wave._evaluated or max(len(linked), shape[2]) < self.settings.min_accounts:
                return []
            wave._evaluated = shape
            if not self._coordinated(wave, linked):
                return []
            campaign = self._join(wave)
        else:
            # Ties to another campaign can appear only as the wave fills up: then they are one.
            for cid, who in list(wave.ties.items()):
                other = self.campaigns.get(cid)
                if other is not None and other is not campaign and len(who) >= 2:
                    older, newer = sorted((campaign, other), key=lambda c: c.waves[0].start)
                    self._merge(older, newer)
                    campaign = older
            campaign.dirty = True
        return self._report_if_changed(campaign)

    def _tie(self, wave: Wave, item: Item) -> None:
        """Record which remembered campaign this comment's author or text belongs to."""
        author = item.comment.author
        owner = self._member_of.get(author)
        if owner is not None:
            wave.known.add(author)
            if owner is not wave.campaign:
                wave.ties.setdefault(owner.id, set()).add(author)
        for other in item.similar:
            theirs = other.wave.campaign if other.wave is not None and other.wave is not wave else None
            if theirs is not None and theirs is not wave.campaign:
                wave.ties.setdefault(theirs.id, set()).add(author)

    def _coordinated(self, wave: Wave, linked: set[str]) -> bool:
        """Linked accounts are a real share of the thread, and the thread attacks someone.

        The tone test is what keeps a fan club's paraphrased praise out. It is relaxed where
        other evidence says the same: comments agreeing with a negative post, or a wave that
        continues a known campaign (two or more of its members are back).
        """
        s = self.settings
        # Content must tie the accounts: paraphrases under this thread, or many accounts of
        # one remembered campaign (its members, or paraphrases of its comments) back together.
        tied = max((len(who) for who in wave.ties.values()), default=0)
        if len(wave.linked) < 2 and tied < s.min_accounts:
            return False
        if len(linked) / len(wave.authors) < s.min_linked_share:
            return False
        negative = wave.negative_share(linked, 0.5)
        if negative >= s.min_negative_share or len(wave.known) >= 2:
            return True
        return wave.post is not None and wave.post.negativity >= 0.5 and negative >= s.min_negative_share / 2

    def _join(self, wave: Wave) -> Campaign:
        joined = sorted((self.campaigns[cid] for cid, who in wave.ties.items() if len(who) >= 2 and cid in self.campaigns),
                        key=lambda c: c.waves[0].start)
        if joined:
            campaign = joined[0]
            for other in joined[1:]:
                self._merge(campaign, other)
        else:
            campaign = Campaign(wave)
            self.campaigns[campaign.id] = campaign
        wave.campaign = campaign
        campaign.waves.append(wave)
        campaign.dirty = True
        # Accounts with paraphrases are the campaign's candidates even before it qualifies, so
        # that their return in the next wave counts as recurrence. Accounts that were merely
        # "known" are not added: that would let busy regulars snowball a campaign.
        for author in wave.linked:
            self._member_of.setdefault(author, campaign)
        return campaign

    def _merge(self, into: Campaign, other: Campaign) -> None:
        for wave in other.waves:
            wave.campaign = into
            into.waves.append(wave)
        into.waves.sort(key=lambda w: w.start)
        for member, owner in list(self._member_of.items()):
            if owner is other:
                self._member_of[member] = into
        into.members |= other.members
        del self.campaigns[other.id]

    def _report_if_changed(self, campaign: Campaign) -> list[CampaignEvidence]:
        shape = (len(campaign.waves), len({a for w in campaign.waves for a in w.authors}))
        if shape == campaign.reported:
            return []
        evidence = self.evidence(campaign)
        if evidence is None:
            return []
        campaign.reported = shape
        campaign.dirty = False
        return [evidence]

    def flush(self, now: float) -> list[CampaignEvidence]:
        out = []
        for campaign in list(self.campaigns.values()):
            if campaign.dirty:
                evidence = self.evidence(campaign)
                if evidence is not None:
                    campaign.dirty = False
                    out.append(evidence)
        return out

    def retire(self, before: float) -> list[Campaign]:
        """Forget campaigns quiet since ``before``; their evidence was reported already."""
        gone = [c for c in self.campaigns.values() if c.last_at < before]
        for campaign in gone:
            del self.campaigns[campaign.id]
            for wave in campaign.waves:
                for member in wave.authors:
                    if self._member_of.get(member) is campaign:
                        del self._member_of[member]
        return gone

    # -- judging ---------------------------------------------------------------------------
    def evidence(self, campaign: Campaign) -> CampaignEvidence | None:
        """The campaign's evidence, or None while it does not cross the thresholds."""
        s = self.settings
        waves = sorted(campaign.waves, key=lambda w: w.start)
        members = self._score_members(waves)
        if len(members) < s.min_accounts:
            return None
        if len(waves) == 1:
            wave = waves[0]
            linked = wave.linked & set(members)
            if not (len(linked) >= 2 * s.min_accounts and len(linked) / len(wave.authors) >= 0.5
                    and wave.negative_share(linked, 0.5) >= 0.6):
                return None
        leaders = self._leaders(waves, members)
        campaign.members = set(members)
        for member in members:
            self._member_of[member] = campaign
        return self._assemble(campaign, waves, members, leaders)

    def _score_members(self, waves: list[Wave]) -> dict[str, AccountEvidence]:
        s = self.settings
        n_waves = len(waves)
        in_campaign = {id(w) for w in waves}
        by_author: dict[str, list[Item]] = {}
        for wave in waves:
            for author, items in wave.authors.items():
                by_author.setdefault(author, []).extend(items)
        link_users: dict[str, set[str]] = {}
        tag_users: dict[str, set[str]] = {}
        for author, items in by_author.items():
            for item in items:
                for link in item.links:
                    link_users.setdefault(link, set()).add(author)
                for tag in item.tags:
                    tag_users.setdefault(tag, set()).add(author)
        members: dict[str, AccountEvidence] = {}
        for author, items in by_author.items():
            partners = {o.comment.author for i in items for o in i.similar
                        if o.wave is not None and id(o.wave) in in_campaign}
            partners.discard(author)
            negative = sum(i.negativity >= 0.5 for i in items) / len(items)
            waves_in = len({id(i.wave) for i in items})
            threads = max(self.threads_commented(author), waves_in)
            co_reply = waves_in / math.sqrt(threads * n_waves)
            shared_links = sorted(l for i in items for l in i.links if len(link_users[l]) >= 3)
            shared_tags = sorted(t for i in items for t in i.tags if len(tag_users[t]) >= 3)
            is_member = (
                len(partners) >= 2
                or (partners and negative >= s.min_negative_share)
                or (waves_in >= 2 and co_reply >= s.min_co_reply and negative >= s.min_negative_share)
                or ((shared_links or shared_tags) and negative >= s.min_negative_share and waves_in >= 2)
            )
            if not is_member:
                continue
            reasons: list[Reason] = []
            keep = 1.0
            if partners:
                reasons.append(Reason("near_duplicate", {"accounts": len(partners)}))
                keep *= 1 - 0.5 * min(1.0, len(partners) / 2)
            if waves_in >= 2:
                reasons.append(Reason("co_reply", {"waves": waves_in, "threads": threads, "similarity": round(co_reply, 2)}))
                keep *= 1 - 0.6 * min(1.0, co_reply / 0.6)
            if negative >= s.min_negative_share:
                reasons.append(Reason("negative", {"share": round(negative, 2)}))
                keep *= 1 - 0.3 * negative
            age = _age_days(items[0].comment)
            if age is not None and age < s.young_account_days:
                reasons.append(Reason("young_account", {"days": int(age)}))
                keep *= 0.8
            if shared_links:
                reasons.append(Reason("shared_link", {"link": shared_links[0]}))
                keep *= 0.7
            if shared_tags:
                reasons.append(Reason("shared_hashtag", {"hashtag": "#" + shared_tags[0]}))
                keep *= 0.8
            members[author] = AccountEvidence(items[0].comment.platform, author, "member", round(1 - keep, 3),
                                              tuple(reasons), waves_in, len(items))
        return members

    def _leaders(self, waves: list[Wave], members: dict[str, AccountEvidence]) -> dict[str, AccountEvidence]:
        s = self.settings
        hosted: Counter[str] = Counter()
        negative_posts: Counter[str] = Counter()
        from_replies: set[str] = set()
        platform: dict[str, str] = {}
        for wave in waves:
            if wave.post is not None:
                host = wave.post.comment.author
                if wave.post.negativity >= 0.5:
                    negative_posts[host] += 1
                platform[host] = wave.post.comment.platform
            else:
                targets = Counter(i.comment.reply_to for a in members for i in wave.authors.get(a, ()) if i.comment.reply_to)
                if not targets:
                    continue
                host, count = targets.most_common(1)[0]
                if count * 2 < sum(targets.values()):
                    continue
                from_replies.add(host)
                platform[host] = wave.items[0].comment.platform
            hosted[host] += 1
        leaders = {}
        for host, count in hosted.items():
            if host.casefold().lstrip("@") in s.official_handles:
                continue
            if negative_posts[host]:
                reason = Reason("leader_post", {"waves": count, "negative_posts": negative_posts[host]})
            elif host in from_replies and count >= 2:
                reason = Reason("leader_replies", {"waves": count})
            else:
                continue
            score = round(min(1.0, 0.6 + 0.2 * count), 3)
            leaders[host] = AccountEvidence(platform[host], host, "leader", score, (reason,), count, negative_posts[host])
        return leaders

    def _assemble(self, campaign: Campaign, waves: list[Wave], members: dict[str, AccountEvidence],
                  leaders: dict[str, AccountEvidence]) -> CampaignEvidence:
        wave_out, comments_out = [], []
        for index, wave in enumerate(waves, start=1):
            items = [i for i in wave.items if i.comment.author in members]
            if wave.post is not None and wave.post.comment.author in leaders:
                comments_out.append(_comment_evidence(wave.post, index, (Reason("leader_post", {}),)))
            for item in items:
                reasons = [Reason("wave", {"wave": index})]
                if item.similar:
                    reasons.append(Reason("near_duplicate", {"accounts": len({o.comment.author for o in item.similar})}))
                if item.negativity >= 0.5:
                    reasons.append(Reason("negative", {"share": round(item.negativity, 2)}))
                comments_out.append(_comment_evidence(item, index, tuple(reasons)))
            accounts = sorted({i.comment.author for i in items})
            wave_out.append(WaveEvidence(
                index=index, platform=wave.items[0].comment.platform, thread_id=wave.items[0].comment.thread_id,
                post_author=wave.post.comment.author if wave.post else None,
                start=_utc(min(i.at for i in items) if items else wave.start),
                end=_utc(max(i.at for i in items) if items else wave.last_at),
                accounts=tuple(accounts), comments=len(items),
                negative_share=round(sum(i.negativity >= 0.5 for i in items) / len(items), 3) if items else 0.0,
                duplicate_share=round(sum(bool(i.similar) for i in items) / len(items), 3) if items else 0.0,
                burst_ratio=round(wave.burst_ratio, 2),
            ))
        accounts = sorted([*leaders.values(), *members.values()], key=lambda a: (a.role != "leader", -a.score, a.handle))
        return CampaignEvidence(
            campaign_id=campaign.id, accounts=tuple(accounts), waves=tuple(wave_out), comments=tuple(comments_out),
            targets=tuple(dict.fromkeys(w.thread for w in waves)),
            first_seen=wave_out[0].start, last_seen=max(w.end for w in wave_out),
        )


def _comment_evidence(item: Item, wave: int, reasons: tuple[Reason, ...]) -> CommentEvidence:
    return CommentEvidence(item.comment, wave, round(item.negativity, 3),
                           tuple(sorted({o.comment.key for o in item.similar})), reasons)


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=timezone.utc)


def _age_days(comment: Comment) -> float | None:
    if comment.author_created is None:
        return None
    return max(0.0, (comment.at - comment.author_created).total_seconds() / DAY)
