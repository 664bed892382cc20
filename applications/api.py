"""REST API (DRF, OpenAPI schema by drf-spectacular): programs, own applications, rule evaluation."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from programs.models import Program
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input

from .models import Application, Project, RuleOutcome
from .selectors import applications_of


class ProgramSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = ["code", "title", "measure", "opens_at", "closes_at", "budget", "funding_source", "source",
                  "is_open"]

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
        fields = ["id", "reference", "program", "status", "county", "submitted_at", "deficiency_response_due",
                  "award_total", "projects"]


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


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Program.objects.all()
    serializer_class = ProgramSerializer
    lookup_field = "code"
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=EvaluationRequestSerializer,
                   responses={200: OpenApiResponse(description="Eligibility, each rule, the award and figures"),
                              400: OpenApiResponse(description="{'errors': {field: message}}")})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, code=None):
        """Run the program's rules on one project without saving anything."""
        if not isinstance(request.data, dict):
            return Response({"errors": {"body": "send a JSON object"}}, status=status.HTTP_400_BAD_REQUEST)
        try:
            evaluation = evaluate_input(self.get_object().code, request.data)
        except InputError as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(evaluation.as_dict())


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Applicants see their organizations' applications; staff with the view permission see all."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        user = self.request.user
        queryset = (Application.objects.all() if user.has_perm("applications.view_application")
                    else applications_of(user))
        return queryset.select_related("program").prefetch_related("projects__outcomes").order_by("-pk")
