"""REST API (DRF, OpenAPI schema by drf-spectacular): programs, own applications, rule evaluation."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from programs.models import Program
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input

from .models import Application, Project, RuleOutcome
from .selectors import applications_visible_to


class ProgramSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = ["code", "title", "measure", "opens_at", "closes_at", "budget", "funding_source", "source", "is_open"]

    def get_is_open(self, program) -> bool:
        return program.is_open()


class RuleOutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleOutcome
        fields = ["rule", "passed", "reason", "source"]


class ProjectSerializer(serializers.ModelSerializer):
    outcomes = RuleOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ["position", "data", "eligible", "award", "path", "figures", "outcomes"]


class ApplicationSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    projects = ProjectSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "program",
            "status",
            "county",
            "submitted_at",
            "deficiency_response_due",
            "award_total",
            "projects",
        ]


class ProjectSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["position", "eligible", "award", "path"]


class ApplicationListSerializer(ApplicationSerializer):
    """The list's rows: each project's result and award, not every answer and rule (those are on the detail,
    ``/api/applications/<id>/``); a page of 50 is a tenth of the size and needs no rule outcomes (issue 15)."""

    projects = ProjectSummarySerializer(many=True, read_only=True)


class ApplicationFilter(filters.FilterSet):
    program = filters.CharFilter(field_name="program__code")
    submitted_after = filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = Application
        fields = ["program", "status", "county"]


class EvaluationRequestSerializer(serializers.Serializer):
    evaluated_on = serializers.DateField(required=False)
    application = serializers.DictField(required=False)
    project = serializers.DictField()
    scores = serializers.DictField(child=serializers.IntegerField(), required=False)
    round = serializers.DictField(
        required=False,
        help_text="Terms a re-issued announcement changes (term: value); the others keep the seed's values.",
    )


# Every status code the API answers with, documented (schemathesis checks that none is left out).
BAD_REQUEST = OpenApiResponse(description="{'errors': {field: message}} naming each bad field")
BAD_FILTER = OpenApiResponse(description="{field: [message]}: a filter value that is not valid (e.g. a date)")
NOT_SIGNED_IN = OpenApiResponse(description="Not signed in; or, signed in, the request lacks the CSRF token")
NOT_FOUND = OpenApiResponse(description="No such object, or not one you may see; or a page past the last")
THROTTLED = OpenApiResponse(description="Too many requests: wait the seconds given in Retry-After")


@extend_schema_view(
    list=extend_schema(responses={200: ProgramSerializer(many=True), 404: NOT_FOUND, 429: THROTTLED}),
    retrieve=extend_schema(responses={200: ProgramSerializer, 404: NOT_FOUND, 429: THROTTLED}),
)
class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Program.objects.all()
    serializer_class = ProgramSerializer
    lookup_field = "code"
    permission_classes = [permissions.AllowAny]
    throttle_scope = None  # "evaluate" on the evaluate action (settings: API_EVALUATE_RATE)

    @extend_schema(
        request=EvaluationRequestSerializer,
        responses={
            200: OpenApiResponse(description="Eligibility, each rule, the award and figures"),
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )
    @action(detail=True, methods=["post"], throttle_scope="evaluate")
    def evaluate(self, request, code=None, format=None):
        """Run the program's rules on one project without saving anything (``evaluate.json`` too: ``format`` is the
        router's suffix, which raised a TypeError, a 500, before issue 26)."""
        if not isinstance(request.data, dict):
            return Response({"errors": {"body": "send a JSON object"}}, status=status.HTTP_400_BAD_REQUEST)
        try:
            evaluation = evaluate_input(self.get_object().code, request.data)
        except InputError as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(evaluation.as_dict())


@extend_schema_view(
    list=extend_schema(
        responses={
            200: ApplicationListSerializer(many=True),
            400: BAD_FILTER,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
            429: THROTTLED,
        }
    ),
    retrieve=extend_schema(responses={200: ApplicationSerializer, 403: NOT_SIGNED_IN, 404: NOT_FOUND, 429: THROTTLED}),
)
class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Applicants see their organizations' applications; staff and board members see every submitted one (no
    drafts)."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    queryset = Application.objects.none()  # the schema's model; requests use get_queryset

    def get_serializer_class(self):
        return ApplicationListSerializer if self.action == "list" else ApplicationSerializer

    def get_queryset(self):
        queryset = applications_visible_to(self.request.user).select_related("program").order_by("-pk")
        if self.action == "list":
            return queryset.prefetch_related(
                Prefetch(
                    "projects",
                    queryset=Project.objects.only("application_id", "position", "eligible", "award", "path").order_by(
                        "position"
                    ),
                )
            )
        return queryset.prefetch_related("projects__outcomes")
